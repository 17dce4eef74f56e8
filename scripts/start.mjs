// Quick start: builds the app if there is no build or the sources changed since, then runs the
// production server (the standalone server.js that is also deployed) on PORT (default 3000) and
// prints the URL once it answers.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
const SOURCES = ['pages', 'components', 'lib', 'styles', 'public', 'next.config.js', 'package-lock.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

const buildId = join(root, '.next', 'BUILD_ID');
const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
if (builtAt < Math.max(...SOURCES.map((s) => newestMtime(join(root, s))))) {
  console.log(builtAt ? 'Sources changed since the last build: rebuilding…' : 'No production build yet: building…');
  const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The standalone server expects static files beside it (the deployed package copies them, or a CDN serves them).
const standalone = join(root, '.next', 'standalone');
for (const [link, target] of [[join(standalone, '.next', 'static'), join(root, '.next', 'static')], [join(standalone, 'public'), join(root, 'public')]]) {
  rmSync(link, { recursive: true, force: true });
  symlinkSync(target, link);
}
// The app server (Next plus the note fast path) runs from the standalone folder, where `next` resolves.
for (const file of ['app-server.js', 'startup-cache.js']) copyFileSync(join(root, 'runtime', file), join(standalone, file));
// The server changes into its own folder: keep data and demo paths anchored at the project.
const env = {
  ...process.env,
  PORT: String(port),
  HOSTNAME: host,
  NOTES_DB_PATH: resolve(root, process.env.NOTES_DB_PATH || 'data/notes.db'),
  NOTES_DEMO_DIR: resolve(root, process.env.NOTES_DEMO_DIR || 'demo'),
  // As on SCF (scf_bootstrap): fewer malloc arenas, less RSS lost to fragmentation.
  MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX || '2',
};
// As on SCF (scf_bootstrap): a smaller young generation keeps RSS within a 256 MB function.
const server = spawn(process.execPath, ['--max-semi-space-size=8', join(standalone, 'app-server.js')], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

const started = Date.now();
(function waitForPort() {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => {
    socket.end();
    console.log(`\nShared-note demo ready: http://localhost:${port}/\n`);
  });
  socket.once('error', () => {
    socket.destroy();
    if (Date.now() - started < 60_000) setTimeout(waitForPort, 200);
  });
})();
