// Bundles the Open Graph card worker (lib/og/og-card-worker.ts: satori and the card's drawing) as
// og-card-worker.js in a server folder (the function package, or the standalone build `npm start`
// runs), where lib/og/render-og-image.ts looks for it: the server's working directory. The OG route
// only posts jobs to the worker, so Next traces neither satori nor resvg: resvg (a native addon,
// not bundled) is copied into the folder's node_modules.
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Returns the bundle's size in bytes. */
export async function bundleOgCardWorker(root, outDir) {
  if (resolve(outDir) === resolve(root)) throw new Error('the card worker is bundled into a server folder, not the project');
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
  // The resvg package and the prebuilt binary npm installed for this platform (its optional dependency).
  for (const name of readdirSync(join(root, 'node_modules', '@resvg'))) {
    const target = join(outDir, 'node_modules', '@resvg', name);
    if (!existsSync(target)) cpSync(join(root, 'node_modules', '@resvg', name), target, { recursive: true });
  }
  return Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
}
