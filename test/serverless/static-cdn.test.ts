import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../fault-proxy';
import { repoRoot } from '../paths';
import { copyDatabase, removeDir, seededDatabase, startProcess, type Server } from './harness';
import { listShares } from './shares';

const TYPES: Record<string, string> = { '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' };

/** A stand-in for the COS bucket on a port the OS picks: `/_next/static/*` from the build, everything else from public/. */
function startBucket(distDir: string): Promise<HttpServer> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://bucket').pathname);
    const file = path.startsWith('/_next/static/') ? join(distDir, 'static', path.slice('/_next/static/'.length)) : join(repoRoot, 'public', path);
    if (normalize(file) !== file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'public, max-age=31536000, immutable' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('static assets from a CDN origin (STATIC_URL)', () => {
  const distDir = '.next-cdn';
  let bucket: HttpServer;
  let fn: Server;
  let browser: Browser;
  let db: { dir: string; dbPath: string };
  let STATIC_PORT: number;
  let FUNCTION_PORT: number;

  beforeAll(async () => {
    // The bucket first: its origin is baked into the build.
    bucket = await startBucket(join(repoRoot, distDir));
    STATIC_PORT = (bucket.address() as { port: number }).port;
    const STATIC_URL = `http://127.0.0.1:${STATIC_PORT}`;
    const env = { ...process.env, NEXT_DIST_DIR: distDir, STATIC_URL, FUNCTION_DIR: 'dist-cdn' };
    const build = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { cwd: repoRoot, env, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`CDN build failed:\n${build.stdout}\n${build.stderr}`);
    const pack = spawnSync(process.execPath, ['scripts/package-function.mjs'], { cwd: repoRoot, env, encoding: 'utf8' });
    if (pack.status !== 0) throw new Error(pack.stderr);
    db = seededDatabase();
    FUNCTION_PORT = await freePort();
    fn = await startProcess(join(repoRoot, 'dist-cdn', 'scf_bootstrap'), [], { NODE_BIN: process.execPath, SCF_PORT: String(FUNCTION_PORT), NOTES_DB_PATH: copyDatabase(db.dbPath) }, FUNCTION_PORT);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await fn?.stop();
    bucket?.close();
    removeDir(db.dir);
    removeDir(join(repoRoot, 'dist-cdn'));
  });

  it('the function package carries no static files', () => {
    expect(existsSync(join(repoRoot, 'dist-cdn', distDir, 'static'))).toBe(false);
    expect(existsSync(join(repoRoot, 'dist-cdn', 'public'))).toBe(false);
  });

  it('pages load every static asset from the CDN origin and nothing static from the function', async () => {
    const share = listShares(db.dbPath);
    const fromFunction: string[] = [];
    const fromBucket: string[] = [];
    const page = await browser.newPage();
    page.on('requestfinished', (req) => {
      const url = new URL(req.url());
      if (url.port === String(FUNCTION_PORT)) fromFunction.push(url.pathname);
      if (url.port === String(STATIC_PORT)) fromBucket.push(url.pathname);
    });
    for (const path of ['/', `/s/${share('周末杭州')}/x`, `/s/${share('Sourdough')}/x`]) {
      const res = await page.goto(`http://127.0.0.1:${FUNCTION_PORT}${path}`, { waitUntil: 'load' });
      expect(res?.status()).toBe(200);
      // The stylesheet from the CDN really applied.
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.site-main') as Element).maxWidth)).toBe('736px');
    }
    expect(fromBucket.some((p) => p.startsWith('/_next/static/') && p.endsWith('.css'))).toBe(true);
    expect(fromBucket).toContain('/favicon.png');
    // Dynamic answers of the function: pages, note resources, the share QR code (lazy: fetched when
    // the page is laid out wide enough to show it), Open Graph cards.
    const staticFromFunction = fromFunction.filter((p) => !/^\/(s|r|qr|og)\//.test(p) && p !== '/');
    expect(staticFromFunction).toEqual([]);
  });
});
