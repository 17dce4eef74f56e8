import { spawnSync } from 'node:child_process';
import { createServer, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyDatabase, functionDir, removeDir, requireFunctionPackage, seededDatabase, startProcess, type Server } from './harness';
import { repoRoot } from '../paths';
import { listShares } from './shares';

function notebookShares(dbPath: string): Array<{ shareId: string | null; state: string }> {
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/notes.ts', 'notebooks', '--json'], {
    cwd: repoRoot, env: { ...process.env, NOTES_DB_PATH: dbPath }, encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Array<{ shareId: string | null; state: string }>;
}

/**
 * The HTTP edges of the web function, on every kind of URL: security headers on whatever answers
 * (Next's /_next/* files and its 400 page included), 405 with Allow for methods a URL does not
 * take, request targets that are not origin-form paths, attachments as inert bytes, and the
 * notebook page cacheable with no nonce, its script allowed by URL whatever the Host header says.
 */

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: fetch cannot send an absolute-form or `*` target, nor TRACE. */
function send(base: string, method: string, target: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path: target, headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A port the OS says is free (the server binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const SECURITY_HEADERS = ['content-security-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'permissions-policy'];

describe('HTTP edges of the web function', () => {
  let db: { dir: string; dbPath: string };
  let web: Server;
  let paths: Record<string, string>;
  let staticFile: string;
  let attachment: string;
  let image: string;

  beforeAll(async () => {
    requireFunctionPackage();
    db = seededDatabase();
    const share = listShares(db.dbPath);
    const port = await freePort();
    web = await startProcess(join(functionDir, 'scf_bootstrap'), [], { NODE_BIN: process.execPath, SCF_PORT: String(port), NOTES_DB_PATH: copyDatabase(db.dbPath), SITE_URL: 'https://notes.example.com', DEPLOY_ENV: 'production' }, port, { cwd: '/' });
    const note = `/s/${share('Sourdough')}`;
    const noteHtml = await send(web.url, 'GET', note);
    const canonical = typeof noteHtml.headers.location === 'string' ? noteHtml.headers.location : note;
    const shared = notebookShares(db.dbPath).find((n) => n.shareId && n.state !== 'revoked');
    const notebook = `/nb/${shared?.shareId ?? 'none'}`;
    paths = {
      landing: '/', english: '/en', note: canonical, notebook, robots: '/robots.txt', sitemap: '/sitemap.xml',
      card: `/og/${share('Sourdough')}/x.png`, qr: `/qr/${share('Sourdough')}.svg`, missing: '/nope',
    };
    const release = await (await fetch(`${web.url}/s/${share('Release')}/release-checklist-for-v3-2`)).text();
    attachment = /href="(\/r\/[^"]+)"[^>]*download=/.exec(release)?.[1] ?? '';
    const trip = await (await fetch(`${web.url}/s/${share('周末杭州')}/${encodeURIComponent('周末杭州两日游攻略')}`)).text();
    image = /<img src="(\/r\/[^"]+)"/.exec(trip)?.[1] ?? '';
    const home = await (await fetch(`${web.url}/features`)).text();
    staticFile = /(\/_next\/static\/[^"]+\.css)/.exec(home)?.[1] ?? '/_next/static/missing.css';
  });

  afterAll(async () => {
    await web.stop();
    removeDir(db.dir);
  });

  it.each(['landing', 'english', 'note', 'notebook', 'robots', 'sitemap', 'card', 'qr', 'missing'])('%s: every other method is 405 with Allow: GET, HEAD, never cached', async (name) => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'OPTIONS']) {
      const answer = await send(web.url, method, paths[name] as string, method === 'POST' || method === 'PUT' ? '{}' : undefined);
      expect(answer.status, `${method} ${paths[name]}`).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD');
      expect(answer.headers['cache-control']).toBe('no-store');
      for (const header of SECURITY_HEADERS) expect(answer.headers[header], `${method} ${paths[name]} ${header}`).toBeTruthy();
    }
    expect((await send(web.url, 'HEAD', paths[name] as string)).status).not.toBe(405);
  });

  it('the webhook takes POST only, and says so', async () => {
    const get = await send(web.url, 'GET', '/api/hooks/note-events');
    expect([404, 405]).toContain(get.status);
    const post = await send(web.url, 'POST', '/api/hooks/note-events', '{}');
    expect(post.status).not.toBe(405);
  });

  it.each([
    ['Next\'s static files', () => staticFile],
    ['Next\'s 400 page (a malformed URL)', () => '/s/%E0%A4%A'],
    ['a missing page', () => '/nope'],
    ['a note', () => paths.note as string],
    ['a 405', () => paths.note as string, 'DELETE'],
  ])('%s carries every security header', async (_name, target, method = 'GET') => {
    const answer = await send(web.url, method, target());
    expect(answer.status).toBeLessThan(500);
    for (const header of SECURITY_HEADERS) expect(answer.headers[header], `${target()} ${header}`).toBeTruthy();
    expect(String(answer.headers['permissions-policy'])).not.toContain('interest-cohort');
    // Deliberately absent (next.config.js): it costs every landing a new renderer process.
    expect(answer.headers['cross-origin-opener-policy'], target()).toBeUndefined();
  });

  it('an absolute-form target is answered for its path only, never redirected to its host', async () => {
    for (const target of [`http://other.example/s/${paths.note?.split('/')[2] ?? ''}/x`, 'http://other.example/en/', `https://other.example${paths.note ?? ''}`]) {
      const answer = await send(web.url, 'GET', target);
      expect(answer.status, target).toBeLessThan(500);
      expect(String(answer.headers.location ?? ''), target).not.toContain('other.example');
    }
    const same = await send(web.url, 'GET', `http://other.example${paths.note ?? ''}`);
    expect(same.status).toBe(200);
  });

  it.each(['*', 'other.example:443', 'mailto:x@example.com'])('%s as a target is a 400, not a 500', async (target) => {
    const answer = await send(web.url, 'GET', target);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-security-policy']).toBeTruthy();
  });

  it('leading slashes cannot make a protocol-relative redirect', async () => {
    for (const target of ['//other.example/', '///other.example/', '//other.example/s/x/']) {
      const location = String((await send(web.url, 'GET', target)).headers.location ?? '');
      expect(location, target).not.toMatch(/^(\/\/|[a-z]+:)/i);
    }
  });

  it.each([
    ['the public host', 'notes.example.com', 'https://notes.example.com/notebook.js'],
    ['the public host in capitals', 'NOTES.Example.COM', 'https://notes.example.com/notebook.js'],
    ['a host that adds a source', 'evil.example *', 'https://notes.example.com/notebook.js'],
    ['a host that adds a directive', "evil.example; script-src 'unsafe-inline'", 'https://notes.example.com/notebook.js'],
    ['another plain host (the function URL)', 'fn.example:9000', 'https://notes.example.com/notebook.js fn.example:9000/notebook.js'],
  ])('the notebook page has no nonce, is cached publicly, and allows only its script URL: %s', async (_name, host, sources) => {
    const answer = await send(web.url, 'GET', paths.notebook as string, undefined, { host });
    expect(answer.status).toBe(200);
    const csp = String(answer.headers['content-security-policy']);
    expect(csp).not.toMatch(/'nonce-/);
    expect(/script-src ([^;]*);/.exec(csp)?.[1]).toBe(sources);
    expect(answer.headers['cache-control']).toMatch(/^public, max-age=\d+, s-maxage=\d+/);
    expect(answer.headers.etag).toMatch(/^"/);
  });

  it('attachments are inert bytes; inline images keep their type; both are same-site resources', async () => {
    expect(attachment).toMatch(/^\/r\//);
    const download = await send(web.url, 'GET', attachment);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(String(download.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['cross-origin-resource-policy']).toBe('same-site');
    expect(image).toMatch(/^\/r\//);
    const picture = await send(web.url, 'GET', image);
    expect(String(picture.headers['content-type'])).toMatch(/^image\/(png|jpeg|gif|webp|avif|bmp)$/);
    expect(picture.headers['cross-origin-resource-policy']).toBe('same-site');
  });
});
