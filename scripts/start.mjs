// Quick start: checks the configuration and the port, builds the app if there is no build, the
// sources changed since, or a setting the build bakes in changed, then runs the production server
// (the standalone server.js that is also deployed) on PORT (default 3000) and prints the URL once
// that server listens. Any problem before that is one line and a non-zero exit.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleOgCardWorker } from './bundle-og-card-worker.mjs';
import { hostResvgTarget, ResvgTargetError } from './resvg-binary.mjs';

const USAGE = `usage: npm start [-- --help]

Builds when needed (no build yet, sources changed, or a build-time setting changed), then serves the
production server on PORT (default 3000) with the embedded demo notes. Settings are environment
variables: see docs/configuration.md.`;

const root = fileURLToPath(new URL('..', import.meta.url));
const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const SOURCES = ['pages', 'components', 'lib', 'styles', 'public', 'next.config.js', 'package-lock.json'];
/** Settings next.config.js or the static pages read at build time: a change needs a new build. */
const BUILD_SETTINGS = ['SITE_URL', 'SITE_NAME', 'DEFAULT_LOCALE', 'DEPLOY_ENV', 'STATIC_URL', 'RESOURCE_BASE_URL', 'APP_DOWNLOAD_URLS', 'APP_BUILD_ID', 'NEXT_DIST_DIR'];
const SETTINGS_FILE = join(root, '.next', 'start-settings.json');

function fail(message, code = 1) {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(code);
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
if (args.length > 0) fail(`unknown argument ${args[0]} (npm start -- --help)`, 2);

// The configuration first (lib/config.ts names the bad variable), before building or listening.
const check = spawnSync(process.execPath, ['--import', 'tsx', '-e', "try { require('./server/check-config.ts') } catch (e) { if (e && e.name === 'ConfigError') { process.stderr.write(e.message + '\\n'); process.exit(1) } throw e }"], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (check.status !== 0) process.exit(check.status ?? 1);

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';

/** Resolves when nothing listens on host:port; fails in one line when something does. */
function assertPortFree() {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', (error) => {
      if (error.code === 'EADDRINUSE') fail(`port ${port} is in use (another server is listening on it): stop that server or set PORT`);
      fail(`cannot listen on ${host}:${port} (${error.code ?? error.message})`);
    });
    probe.listen(port, host, () => probe.close(() => done()));
  });
}
// PORT=0 takes any free port; nothing to check.
if (port !== 0) await assertPortFree();

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/** The build-time settings as this build would see them (SITE_URL defaults to the PORT's origin). */
function buildSettings() {
  const settings = Object.fromEntries(BUILD_SETTINGS.map((name) => [name, process.env[name]?.trim() || '']));
  settings.SITE_URL ||= `http://localhost:${port}`;
  return settings;
}

/**
 * The settings the current build was made with, as this script recorded them. A build this script
 * did not make (`npm run build`) has no record, or an older one: its settings are unknown, and the
 * current ones are taken as its own rather than rebuilding on every start.
 */
function bakedSettings(builtAt) {
  try {
    const saved = JSON.parse(readFileSync(SETTINGS_FILE, 'utf8'));
    return saved.builtAt === builtAt ? saved.settings : null;
  } catch {
    return null;
  }
}

function recordSettings(settings) {
  writeFileSync(SETTINGS_FILE, `${JSON.stringify({ builtAt: statSync(buildIdFile).mtimeMs, settings }, null, 2)}\n`);
}

const buildIdFile = join(root, '.next', 'BUILD_ID');
const builtAt = existsSync(buildIdFile) ? statSync(buildIdFile).mtimeMs : 0;
const settings = buildSettings();
const baked = builtAt ? bakedSettings(builtAt) : null;
const changed = baked ? BUILD_SETTINGS.filter((name) => baked[name] !== settings[name]) : [];
let reason = null;
if (!builtAt) reason = 'No production build yet: building…';
else if (builtAt < Math.max(...SOURCES.map((s) => newestMtime(join(root, s))))) reason = 'Sources changed since the last build: rebuilding…';
else if (changed.length > 0) reason = `${changed.join(', ')} changed since the last build, which bakes it in: rebuilding…`;
if (reason) {
  console.log(reason);
  // The build sees the same SITE_URL the server will use.
  const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, SITE_URL: settings.SITE_URL } });
  if (build.status !== 0) fail(`the build failed (exit ${build.status ?? build.signal})`);
  recordSettings(settings);
} else if (!baked) {
  recordSettings(settings);
}

// The standalone server expects static files beside it (the deployed package copies them, or a CDN serves them).
const standalone = join(root, '.next', 'standalone');
for (const [link, target] of [[join(standalone, '.next', 'static'), join(root, '.next', 'static')], [join(standalone, 'public'), join(root, 'public')]]) {
  rmSync(link, { recursive: true, force: true });
  symlinkSync(target, link);
}
// The app server (Next plus the note fast path) runs from the standalone folder, where `next` resolves.
for (const file of ['app-server.js', 'startup-cache.js', 'site-front.js', 'recorded-pages.js', 'lazy-compression.js']) copyFileSync(join(root, 'runtime', file), join(standalone, file));
copyFileSync(join(root, 'lib', 'http', 'compression.js'), join(standalone, 'compression.js'));
// Open Graph cards are drawn by a worker the server finds in its own folder, as in the package,
// with this machine's resvg binary. Without one the site still runs; its cards answer 503.
try {
  await bundleOgCardWorker(root, standalone, hostResvgTarget());
} catch (error) {
  if (!(error instanceof ResvgTargetError)) throw error;
  process.stderr.write(`npm start: Open Graph cards will answer 503: ${error.message}\n`);
}
// The server changes into its own folder: keep data and demo paths anchored at the project.
const env = {
  ...process.env,
  PORT: String(port),
  HOSTNAME: host,
  SITE_URL: settings.SITE_URL,
  NOTES_DB_PATH: resolve(root, process.env.NOTES_DB_PATH || 'data/notes.db'),
  NOTES_DEMO_DIR: resolve(root, process.env.NOTES_DEMO_DIR || 'demo'),
  // As on SCF (scf_bootstrap): fewer malloc arenas, less RSS lost to fragmentation.
  MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX || '2',
};
// As on SCF (scf_bootstrap): a smaller young generation keeps RSS within a 256 MB function.
const server = spawn(process.execPath, ['--max-semi-space-size=8', join(standalone, 'app-server.js')], { cwd: root, env, stdio: ['inherit', 'pipe', 'inherit'] });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
// Never leave the server behind, however this process ends.
process.on('exit', () => {
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
});
let ready = false;
// A server that ends before it listened is a failed start, whatever its exit code.
server.on('exit', (code, signal) => process.exit(code ? code : signal || !ready ? 1 : 0));

// "Ready" only once this server says it listens (app-server.js prints the address it got).
let pending = '';
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (ready) return;
  pending += chunk.toString();
  const match = /listening on http:\/\/[^:\s]+:(\d+)/.exec(pending);
  if (match) {
    ready = true;
    pending = '';
    console.log(`\nShared-note demo ready: http://localhost:${match[1]}/\n`);
  }
});
