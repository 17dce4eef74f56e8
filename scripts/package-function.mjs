// Assembles the SCF function package in dist/ from the standalone build: the server, only the
// node_modules it traces, the demo notes, both entry points (scf_bootstrap, sls.js), and static
// files only when no CDN (STATIC_URL) serves them. Usage: npm run build && npm run package
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const distDir = process.env.NEXT_DIST_DIR || '.next';
const outDir = join(root, process.env.FUNCTION_DIR || 'dist');
const standalone = join(root, distDir, 'standalone');

if (!existsSync(join(standalone, 'server.js'))) {
  console.error(`No standalone build in ${standalone}: run "npm run build" first.`);
  process.exit(1);
}
rmSync(outDir, { recursive: true, force: true });
cpSync(standalone, outDir, { recursive: true, verbatimSymlinks: true });
// `npm start` links the build's static files into the standalone folder; the package never carries links.
for (const link of [join(distDir, 'static'), 'public']) rmSync(join(outDir, link), { recursive: true, force: true });
// Tracing the demo folder can drag in copies of it from earlier packages (dist/demo); keep only ours.
for (const stale of readdirSync(outDir).filter((name) => /^(dist|\.next-).*/.test(name) && name !== distDir)) rmSync(join(outDir, stale), { recursive: true, force: true });

// Image optimisation is off (images.unoptimized), so sharp and its 19 MB of binaries are dead weight.
for (const unused of ['node_modules/sharp', 'node_modules/@img']) rmSync(join(outDir, unused), { recursive: true, force: true });

const { config } = JSON.parse(readFileSync(join(outDir, distDir, 'required-server-files.json'), 'utf8'));
if (!config.assetPrefix) {
  // No CDN configured: the function serves its own static files.
  cpSync(join(root, distDir, 'static'), join(outDir, distDir, 'static'), { recursive: true, preserveTimestamps: true });
  // Timestamps are kept: Next derives the ETag of public files from their mtime.
  if (existsSync(join(root, 'public'))) cpSync(join(root, 'public'), join(outDir, 'public'), { recursive: true, preserveTimestamps: true });
}
for (const file of ['scf_bootstrap', 'sls.js', 'app-server.js']) cpSync(join(root, file), join(outDir, file));
chmodSync(join(outDir, 'scf_bootstrap'), 0o755);
console.log(`Function package ready in ${outDir} (static files ${config.assetPrefix ? `served from ${config.assetPrefix}` : 'included'}).`);
