// Assembles the SCF function package in dist/ from the standalone build: the server, only the
// node_modules it traces, the demo notes, the runtime/ files (entry points scf_bootstrap, sls.js), and static
// files only when no CDN (STATIC_URL) serves them. Usage: npm run build && npm run package
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { request } from 'node:http';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleOgCardWorker } from './bundle-og-card-worker.mjs';
import { resolveResvg, ResvgTargetError, SCF_RESVG_TARGET } from './resvg-binary.mjs';

const USAGE = `usage: npm run package [-- --with-static-files] [-- --resvg-target=<platform>]   (after npm run build)

Assembles the SCF function package in dist/ (FUNCTION_DIR to put it elsewhere) from the standalone
build, and records its start-up cache (STARTUP_CACHE=off skips that). --with-static-files keeps
.next/static and public/ in the package even when STATIC_URL serves them (for serverless.yml).
--resvg-target picks the Open Graph card renderer's native binary for another platform than SCF's
(${SCF_RESVG_TARGET}), in resvg's package names: linux-arm64-gnu, linux-x64-musl, darwin-arm64, ...`;
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const unknown = args.filter((arg) => arg !== '--with-static-files' && !arg.startsWith('--resvg-target='));
if (unknown.length > 0) {
  console.error(`package: unknown argument ${unknown[0]} (npm run package -- --help)`);
  process.exit(2);
}
const resvgTarget = args.findLast((arg) => arg.startsWith('--resvg-target='))?.slice('--resvg-target='.length) || SCF_RESVG_TARGET;

const root = fileURLToPath(new URL('..', import.meta.url));
const distDir = process.env.NEXT_DIST_DIR || '.next';
// FUNCTION_DIR may be absolute: packaging in the folder the function runs from (SCF: /var/user) keeps the start-up code cache usable.
const outDir = resolve(root, process.env.FUNCTION_DIR || 'dist');
const standalone = join(root, distDir, 'standalone');

if (!existsSync(join(standalone, 'server.js'))) {
  console.error(`No standalone build in ${standalone}: run "npm run build" first.`);
  process.exit(1);
}
// Checked before anything is copied: a package whose card renderer cannot load on its platform answers every card 503.
try {
  resolveResvg(root, resvgTarget);
} catch (error) {
  if (!(error instanceof ResvgTargetError)) throw error;
  console.error(`package: ${error.message}`);
  process.exit(1);
}
rmSync(outDir, { recursive: true, force: true });
// Next copies the project's .env files into the standalone build; they hold deploy keys and
// secrets, so they leave it here and never reach the package (the function gets its settings
// from its environment variables).
removeEnvFiles(standalone);
cpSync(standalone, outDir, { recursive: true, verbatimSymlinks: true });
// `npm start` links the build's static files into the standalone folder; the package never carries links.
for (const link of [join(distDir, 'static'), 'public']) rmSync(join(outDir, link), { recursive: true, force: true });
// Tracing the demo folder can drag in copies of it from earlier packages (dist/demo); keep only ours.
for (const stale of readdirSync(outDir).filter((name) => /^(dist|\.next-).*/.test(name) && name !== distDir)) rmSync(join(outDir, stale), { recursive: true, force: true });

// Image optimisation is off (images.unoptimized), so sharp and its 19 MB of binaries are dead weight.
for (const unused of ['node_modules/sharp', 'node_modules/@img']) rmSync(join(outDir, unused), { recursive: true, force: true });

const { config } = JSON.parse(readFileSync(join(outDir, distDir, 'required-server-files.json'), 'utf8'));
// --with-static-files: the Tencent Next.js component uploads the bucket's files from inside the package (serverless.yml).
if (!config.assetPrefix || args.includes('--with-static-files')) {
  // No CDN configured: the function serves its own static files.
  cpSync(join(root, distDir, 'static'), join(outDir, distDir, 'static'), { recursive: true, preserveTimestamps: true });
  // Timestamps are kept: Next derives the ETag of public files from their mtime.
  if (existsSync(join(root, 'public'))) cpSync(join(root, 'public'), join(outDir, 'public'), { recursive: true, preserveTimestamps: true });
}
// The function's runtime (runtime/) goes to the package root: SCF runs scf_bootstrap from there.
for (const file of ['scf_bootstrap', 'sls.js', 'app-server.js', 'startup-cache.js', 'site-front.js', 'recorded-pages.js', 'lazy-compression.js']) cpSync(join(root, 'runtime', file), join(outDir, file));
// Compression runs in the server entry, outside the bundle: beside it, as app-server.js requires it.
cpSync(join(root, 'lib', 'http', 'compression.js'), join(outDir, 'compression.js'));
chmodSync(join(outDir, 'scf_bootstrap'), 0o755);
await bundleEarlyNotePages();
await bundleConfigCheck();
console.log(`OG card worker bundled: ${((await bundleOgCardWorker(root, outDir, resvgTarget)) / 1e3).toFixed(0)} kB, resvg for ${resvgTarget}.`);
removeEnvFiles(outDir);

if ((process.env.STARTUP_CACHE || '').trim().toLowerCase() === 'off') {
  console.log('STARTUP_CACHE=off: no start-up cache recorded.');
} else {
  await recordStartupCache();
}
console.log(`Function package ready in ${outDir} (static files ${config.assetPrefix ? `served from ${config.assetPrefix}` : 'included'}).`);

/**
 * Runs the packaged server once on the demo notes with STARTUP_CACHE_RECORD=1, requests the main
 * page types, and stops it: it writes dist/startup-cache.bin (startup-cache.js) as it exits.
 * The V8 flags are scf_bootstrap's: V8 rejects a code cache made under other flags.
 */
async function recordStartupCache() {
  const flags = readFileSync(join(root, 'runtime', 'scf_bootstrap'), 'utf8').match(/^exec .*?node\S*\}?"? (.*?) app-server\.js/m)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
  const dataDir = mkdtempSync(join(tmpdir(), 'startup-cache-'));
  const child = spawn(process.execPath, [...flags, 'app-server.js'], {
    cwd: outDir,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DEPLOY_ENV: 'production',
      PORT: '0',
      HOSTNAME: '127.0.0.1',
      NOTES_DB_PATH: join(dataDir, 'notes.db'),
      NOTES_DEMO_DIR: join(outDir, 'demo'),
      NOTES_SEED_DEMO: 'true',
      STARTUP_CACHE_RECORD: '1',
      // The note page template this run learns from Next's first note page (app-server.js saves it).
      NOTE_TEMPLATE_RECORD: join(outDir, 'note-template.json'),
      NOTE_RENDER_OUTSIDE_NEXT: 'true',
      // V8 accepts a code cache only under the flags it was made with: scf_bootstrap's, nothing of this shell's.
      NODE_OPTIONS: '',
    },
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  try {
    const origin = await new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error('the server did not start within 60 s')), 60_000);
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = output.match(/listening on (http:\/\/\S+)/);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      exited.then((code) => reject(new Error(`the server exited (${code}) before listening`)));
    });
    const get = async (path) => {
      const response = await fetch(new URL(path, origin), { redirect: 'follow', signal: AbortSignal.timeout(30_000) });
      const body = await response.text();
      return { status: response.status, body };
    };
    const explore = await get('/explore');
    if (explore.status !== 200) throw new Error(`/explore answered ${explore.status}`);
    const note = explore.body.match(/href="(\/s\/[^"]+)"/)?.[1];
    if (!note) throw new Error('no shared note linked from /explore');
    const page = await get(note);
    if (page.status !== 200) throw new Error(`${note} answered ${page.status}`);
    const notebook = page.body.match(/href="(\/nb\/[^"?]+)"/)?.[1];
    const shareId = note.split('/')[2];
    const paths = ['/', '/en', '/features', '/en/download', '/robots.txt', '/sitemap.xml', '/s/unknown-share-id-0000000', '/no/such/page', `/qr/${shareId}.svg`];
    if (notebook) paths.push(notebook, `/api${notebook}`);
    for (const path of paths) await get(path);
    await recordLandingPages(origin);
  } finally {
    child.kill('SIGTERM');
  }
  const code = await exited;
  rmSync(dataDir, { recursive: true, force: true });
  const cacheFile = join(outDir, 'startup-cache.bin');
  if (code !== 0 || !existsSync(cacheFile)) throw new Error(`recording the start-up cache failed (exit ${code}); STARTUP_CACHE=off packages without it`);
  if (!existsSync(join(outDir, 'note-template.json'))) throw new Error('the recording run learnt no note page template from Next (see its log)');
  console.log(`Start-up cache recorded: ${(statSync(cacheFile).size / 1e6).toFixed(1)} MB; note page template saved.`);
}

/**
 * Records Next's answer to every landing page (generated at build time) into recorded-pages.json,
 * for the server entry to send without loading Next (runtime/recorded-pages.js). Asked without
 * Accept-Encoding: the copy is the identity encoding.
 */
async function recordLandingPages(origin) {
  const require = createRequire(import.meta.url);
  const { recordPage, RECORDED_PAGES_FILE, RECORDED_PAGES_FORMAT } = require(join(outDir, 'recorded-pages.js'));
  const { LANDING_URLS } = require(join(outDir, 'site-front.js'));
  const pages = {};
  for (const url of LANDING_URLS) {
    const { status, rawHeaders, body } = await new Promise((resolve, reject) => {
      const req = request(new URL(url, origin), { agent: false }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${url}`)));
      req.on('error', reject);
      req.end();
    });
    if (status !== 200) throw new Error(`landing page ${url} answered ${status}`);
    pages[url] = recordPage(rawHeaders, body);
  }
  const buildId = readFileSync(join(outDir, distDir, 'BUILD_ID'), 'utf8').trim();
  writeFileSync(join(outDir, RECORDED_PAGES_FILE), JSON.stringify({ format: RECORDED_PAGES_FORMAT, buildId, pages }));
}

/**
 * Bundles the early note pages (server/early-note-pages.ts: the note page's renderer, its
 * components and the store) into one CommonJS file, so a cold start can answer a note before
 * loading Next (app-server.js). Built as Next built the page: the same sources, React and
 * react-dom from the package's node_modules (not bundled: one copy, the one Next renders with),
 * and the build-time values next.config.js inlines (`env`). ES-module dependencies are bundled in,
 * so the start-up cache covers them; lowlight's on-demand import() stays in its own small file.
 */
async function bundleEarlyNotePages() {
  const { build } = await import('esbuild');
  const inlined = Object.fromEntries(Object.entries(config.env ?? {}).map(([name, value]) => [`process.env.${name}`, JSON.stringify(value)]));
  const lowlightLoader = {
    name: 'lowlight-loader',
    setup(builder) {
      builder.onResolve({ filter: /\/import-lowlight$/ }, () => ({ path: './import-lowlight.js', external: true }));
      // renderToString and renderToStaticMarkup come from react-dom's legacy server build (as
      // react-dom/server.node.js exports them); that entry also loads the streaming build, unused here.
      builder.onResolve({ filter: /^react-dom\/server$/ }, () => ({ path: './node_modules/react-dom/cjs/react-dom-server-legacy.node.production.js', external: true }));
    },
  };
  const result = await build({
    entryPoints: [join(root, 'server', 'early-note-pages.ts')],
    outfile: join(outDir, 'early-note-pages.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    jsx: 'automatic',
    tsconfig: join(root, 'tsconfig.json'),
    define: { ...inlined, 'process.env.NODE_ENV': '"production"' },
    // next/head is bundled: the package's node_modules hold only the parts of next its server traced.
    external: ['react', 'react/*', 'react-dom', 'react-dom/*', 'better-sqlite3', 'lowlight'],
    plugins: [lowlightLoader],
    // A new instance reads and compiles the whole file on its first note or early route: without
    // whitespace and with shorter syntax it is ~30% smaller, and its first answer ~8 ms of CPU
    // cheaper. Names are kept, so stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  // The on-demand grammar loader, as lib/enml/import-lowlight.ts has it, resolved from the package's node_modules.
  writeFileSync(join(outDir, 'import-lowlight.js'), "'use strict';\nexports.importLowlight = () => import('lowlight');\n");
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  console.log(`Early note pages bundled: ${(bytes / 1e3).toFixed(0)} kB.`);
}

/**
 * Bundles server/check-config.ts (lib/config.ts and nothing else) as check-config.js: the app
 * server loads it before anything listens, so a bad setting stops the function with one line.
 */
async function bundleConfigCheck() {
  const { build } = await import('esbuild');
  const inlined = Object.fromEntries(Object.entries(config.env ?? {}).map(([name, value]) => [`process.env.${name}`, JSON.stringify(value)]));
  await build({
    entryPoints: [join(root, 'server', 'check-config.ts')],
    outfile: join(outDir, 'check-config.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    tsconfig: join(root, 'tsconfig.json'),
    define: inlined,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/** Deletes every `.env` / `.env.*` file under `dir` (node_modules included: a dependency may ship one). */
function removeEnvFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /^\.env(\..*)?$/.test(entry.name)) rmSync(join(entry.parentPath ?? entry.path, entry.name), { force: true });
  }
}
