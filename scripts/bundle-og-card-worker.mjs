// Bundles the Open Graph card worker (lib/og/og-card-worker.ts: satori and the card's drawing) as
// og-card-worker.js in a server folder (the function package, or the standalone build `npm start`
// runs), where lib/og/render-og-image.ts looks for it: the server's working directory. The OG route
// only posts jobs to the worker, so Next traces neither satori nor resvg: resvg (a native addon,
// not bundled) is copied into the folder's node_modules, with the binary of the platform the
// folder will run on (scripts/resvg-binary.mjs).
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { copyResvg, resolveResvg, SCF_RESVG_TARGET } from './resvg-binary.mjs';

/**
 * Returns the bundle's size in bytes. `target` names the platform in resvg's terms (default SCF's,
 * linux-x64-gnu); without its binary this throws ResvgTargetError before building anything.
 */
export async function bundleOgCardWorker(root, outDir, target = SCF_RESVG_TARGET) {
  if (resolve(outDir) === resolve(root)) throw new Error('the card worker is bundled into a server folder, not the project');
  resolveResvg(root, target);
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(root, 'lib', 'og', 'og-card-worker.ts')],
    outfile: join(outDir, 'og-card-worker.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    tsconfig: join(root, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['@resvg/resvg-js'],
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  // Next traces the worker's TypeScript source (the path a source checkout runs): the bundle replaces it.
  rmSync(join(outDir, 'lib', 'og', 'og-card-worker.ts'), { force: true });
  copyResvg(root, outDir, target);
  return Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
}
