import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../paths';
import { invoke, type ProxyResult } from './events';
import { copyDatabase, freePorts, functionDir, removeDir, requireFunctionPackage, seededDatabase, startProcess, type Server } from './harness';
import { listShares } from './shares';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const KEY_HEADERS = ['content-type', 'cache-control', 'location', 'x-robots-tag', 'etag', 'content-disposition', 'retry-after', 'x-content-type-options'];

/** Identity: `next start` leaves compression to the server entry (test/serverless/compression.test.ts covers it). */
async function fetchAnswer(base: string, path: string): Promise<Answer> {
  const res = await fetch(base + path, { redirect: 'manual', headers: { 'accept-encoding': 'identity' } });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) };
}

/** A GET with exactly these headers (no Accept-Encoding unless given); the response's header list as sent (names, order) but the connection's Date. */
function rawAnswer(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; rawHeaders: string[]; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request(base + path, { agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const rawHeaders: string[] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) if (res.rawHeaders[i]?.toLowerCase() !== 'date') rawHeaders.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        done({ status: res.statusCode ?? 0, rawHeaders, body: Buffer.concat(chunks) });
      });
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

function fromProxy(result: ProxyResult): Answer {
  return { status: result.statusCode, headers: result.headers, body: Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') };
}

function keyHeaders(answer: Answer): Record<string, string | undefined> {
  return Object.fromEntries(KEY_HEADERS.map((h) => [h, answer.headers[h]]));
}

/** Every file under `dir` with its size and mtime, to prove nothing was written at run time. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const s = statSync(full);
        out.set(full, `${s.size}:${s.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out;
}


/** Ports chosen by the OS for this file's servers. */
let P: number[] = [];
beforeAll(async () => {
  P = await freePorts(8);
});

describe('web function (scf_bootstrap) and event function answer exactly like `next start`', () => {
  let db: { dir: string; dbPath: string };
  const servers: Server[] = [];
  let paths: string[] = [];
  let nextStart: Server;
  let web: Server;

  beforeAll(async () => {
    requireFunctionPackage();
    db = seededDatabase();
    const share = listShares(db.dbPath);
    nextStart = await startProcess(process.execPath, [join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(P[0])], { NOTES_DB_PATH: copyDatabase(db.dbPath), SITE_URL: 'https://notes.example.com', DEPLOY_ENV: 'production' }, (P[0] as number));
    servers.push(nextStart);
    // Read-only code directory: as root, run the function as "nobody" (root ignores file modes).
    const asNobody = process.getuid?.() === 0 ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', join(functionDir, 'scf_bootstrap')]] as const : [join(functionDir, 'scf_bootstrap'), []] as const;
    const before = snapshot(functionDir);
    web = await startProcess(asNobody[0], [...asNobody[1]], { NODE_BIN: process.execPath, SCF_PORT: String(P[1]), NOTES_DB_PATH: copyDatabase(db.dbPath), SITE_URL: 'https://notes.example.com', DEPLOY_ENV: 'production', STARTUP_CACHE_STATS: '1' }, (P[1] as number), { cwd: '/' });
    servers.push(web);
    const note = `/s/${share('Sourdough')}/sourdough-bread-the-slow-way`;
    const zh = `/s/${share('周末杭州')}/${encodeURIComponent('周末杭州两日游攻略')}`;
    const page = (await fetchAnswer(nextStart.url, zh)).body.toString();
    const image = /<img src="(\/r\/[^"]+)"/.exec(page)?.[1] ?? '';
    const release = (await fetchAnswer(nextStart.url, `/s/${share('Release')}/release-checklist-for-v3-2`)).body.toString();
    const pdf = /href="(\/r\/[^"]+)"[^>]*download=/.exec(release)?.[1] ?? '';
    paths = ['/', note, zh, `/s/${share('Sourdough')}`, `/s/${share('Sourdough')}/old`, `/s/${share.revoked}/x`, '/s/AAAAAAAAAAAAAAAAAAAAAA/x', '/nope', image, pdf, `/r/${share('Sourdough')}/${'0'.repeat(32)}`, '/favicon.svg'];
    expect(image).toMatch(/^\/r\//);
    expect(pdf).toMatch(/^\/r\//);
    // Keep the snapshot for the read-only assertion below.
    (globalThis as { __fnSnapshot?: Map<string, string> }).__fnSnapshot = before;
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    removeDir(db.dir);
  });

  it('same status, key headers and body for every route kind', async () => {
    const eventAnswers = invoke<ProxyResult[]>({
      dir: functionDir,
      events: paths.map((path) => ({ httpMethod: 'GET', path, headers: { host: 'notes.example.com' }, queryString: {}, body: '', isBase64Encoded: false })),
    }, { NOTES_DB_PATH: copyDatabase(db.dbPath), SITE_URL: 'https://notes.example.com', DEPLOY_ENV: 'production' }).map(fromProxy);
    for (const [i, path] of paths.entries()) {
      const expected = await fetchAnswer(nextStart.url, path);
      const viaWeb = await fetchAnswer(web.url, path);
      const viaEvent = eventAnswers[i] as Answer;
      for (const [name, actual] of [['web function', viaWeb], ['event function', viaEvent]] as const) {
        expect(actual.status, `${name} ${path}`).toBe(expected.status);
        const [actualHeaders, expectedHeaders] = [keyHeaders(actual), keyHeaders(expected)];
        if (path === '/') {
          // `next start` has no server entry: the front (site-front.js) gives landing pages their validator and lifetimes.
          expect(actualHeaders, `${name} ${path}`).toMatchObject({ etag: expect.stringMatching(/^"landing-/) as unknown, 'cache-control': expect.stringMatching(/^public, max-age=600, s-maxage=86400/) as unknown });
          for (const headers of [actualHeaders, expectedHeaders]) {
            delete headers.etag;
            delete headers['cache-control'];
          }
        }
        expect(actualHeaders, `${name} ${path}`).toEqual(expectedHeaders);
        expect(actual.body.equals(expected.body), `${name} ${path} body`).toBe(true);
      }
    }
    // Second requests for a note are answered by the fast path in front of Next: same answer.
    for (const path of paths.filter((p) => /^\/s\/[^/]+\/[^/]+$/.test(p))) {
      const expected = await fetchAnswer(nextStart.url, path);
      const again = await fetchAnswer(web.url, path);
      expect(again.status, `fast path ${path}`).toBe(expected.status);
      expect(keyHeaders(again), `fast path ${path}`).toEqual(keyHeaders(expected));
      expect(again.body.equals(expected.body), `fast path ${path} body`).toBe(true);
    }
  });

  it('runs with a read-only code directory and writes nothing into it', async () => {
    for (const path of paths) expect((await fetchAnswer(web.url, path)).status, path).toBeLessThan(500);
    const before = (globalThis as { __fnSnapshot?: Map<string, string> }).__fnSnapshot as Map<string, string>;
    expect(snapshot(functionDir)).toEqual(before);
    expect(web.output()).not.toMatch(/EACCES|EROFS|EPERM/);
  });

  it('keeps response headers under 4 KB on the largest page', async () => {
    const share = listShares(db.dbPath);
    const res = await fetch(`${web.url}/s/${share('长文')}/x`);
    const page = await fetch(new URL(res.url).href.replace(/^http:\/\/[^/]+/, web.url));
    let size = 0;
    page.headers.forEach((value, name) => (size += name.length + value.length + 4));
    expect(page.status).toBe(200);
    expect(size).toBeLessThan(4096);
  });

  // Last: stops the web function, which prints what its start-up cache did as it exits.
  it('started from the start-up cache recorded by npm run package (the answers above came from cached code)', async () => {
    await web.stop();
    const line = web.output().split('\n').find((l) => l.startsWith('startup cache: {'));
    expect(line, web.output().slice(-2000)).toBeDefined();
    const stats = JSON.parse((line ?? '').slice('startup cache: '.length)) as { enabled: boolean; hits: number; rejected: number; resolved: number };
    expect(stats.enabled).toBe(true);
    expect(stats.rejected).toBe(0);
    expect(stats.hits).toBeGreaterThan(100);
    expect(stats.resolved).toBeGreaterThan(100);
  });
});

describe('failure and non-production behaviour of the deployed function', () => {
  let db: { dir: string; dbPath: string };
  let broken: Server;
  let preview: Server;
  let share: ReturnType<typeof listShares>;

  beforeAll(async () => {
    requireFunctionPackage();
    db = seededDatabase();
    share = listShares(db.dbPath);
    // A store that cannot open (/dev/null is not a directory) stands in for a dead note service.
    broken = await startProcess(join(functionDir, 'scf_bootstrap'), [], { NODE_BIN: process.execPath, SCF_PORT: String(P[2]), NOTES_DB_PATH: '/dev/null/notes.db', DEPLOY_ENV: 'production' }, (P[2] as number));
    preview = await startProcess(join(functionDir, 'scf_bootstrap'), [], { NODE_BIN: process.execPath, SCF_PORT: String(P[3]), NOTES_DB_PATH: copyDatabase(db.dbPath), DEPLOY_ENV: 'preview' }, (P[3] as number));
  });

  afterAll(async () => {
    await Promise.all([broken?.stop(), preview?.stop()]);
    removeDir(db.dir);
  });

  it('answers 503 + Retry-After + no-store on every store-backed route when the store fails', async () => {
    for (const path of ['/explore', '/en/explore', `/s/${share('Sourdough')}/sourdough-bread-the-slow-way`, `/r/${share('Sourdough')}/${'0'.repeat(32)}`, '/sitemap.xml', '/sitemaps/notes-0.xml', '/api/nb/AAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await fetchAnswer(broken.url, path);
      expect(res.status, path).toBe(503);
      expect(res.headers['retry-after'], path).toBe('30');
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
    // Routes that need no store keep working: robots.txt and the static landing pages.
    expect((await fetchAnswer(broken.url, '/robots.txt')).status).toBe(200);
    expect((await fetchAnswer(broken.url, '/')).status).toBe(200);
    expect((await fetchAnswer(broken.url, '/en/features')).status).toBe(200);
    expect((await fetchAnswer(broken.url, '/s/not-a-share-id/x')).status).toBe(404);
  });

  it('keeps a non-production deployment out of search engines', async () => {
    expect((await fetchAnswer(preview.url, '/robots.txt')).body.toString()).toBe('User-agent: *\nDisallow: /\n');
    // Static landing pages too: their HTML was generated at build time, the header is added at run time.
    for (const path of ['/', '/en/features', '/explore', `/s/${share('Sourdough')}/sourdough-bread-the-slow-way`, '/sitemap.xml']) {
      const res = await fetchAnswer(preview.url, path);
      expect(res.headers['x-robots-tag'], path).toBe('noindex');
    }
    const page = (await fetchAnswer(preview.url, `/s/${share('Sourdough')}/sourdough-bread-the-slow-way`)).body.toString();
    expect(page).toMatch(/<meta name="robots" content="noindex"/);
  });
});

describe('the function package moved to another folder (SCF runs it from its own code directory)', () => {
  let db: { dir: string; dbPath: string };
  let dir: string;
  let inPlace: Server;
  let moved: Server;
  let otherBuild: Server;
  let withEnv: Server;
  let note: string;

  beforeAll(async () => {
    requireFunctionPackage();
    db = seededDatabase();
    const share = listShares(db.dbPath);
    note = `/s/${share('Sourdough')}/sourdough-bread-the-slow-way`;
    // Outside the repository: nothing may resolve from the repository's node_modules.
    dir = mkdtempSync(join(tmpdir(), 'moved-function-'));
    for (const name of ['fn', 'other-build', 'with-env']) cpSync(functionDir, join(dir, name), { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(dir, 'with-env', '.env'), 'SITE_NAME=Site Name From Dotenv\n');
    for (const file of ['note-template.json', 'recorded-pages.json']) {
      const savedFile = join(dir, 'other-build', file);
      const saved = JSON.parse(readFileSync(savedFile, 'utf8')) as { buildId: string };
      writeFileSync(savedFile, JSON.stringify({ ...saved, buildId: 'another-build' }));
    }
    const env = { NODE_BIN: process.execPath, SITE_URL: 'https://notes.example.com', DEPLOY_ENV: 'production' };
    // Each server's first request is the note.
    [inPlace, moved, otherBuild, withEnv] = await Promise.all([
      startProcess(join(functionDir, 'scf_bootstrap'), [], { ...env, SCF_PORT: String(P[4]), NOTES_DB_PATH: copyDatabase(db.dbPath) }, (P[4] as number), { readyPath: note }),
      startProcess(join(dir, 'fn', 'scf_bootstrap'), [], { ...env, SCF_PORT: String(P[5]), NOTES_DB_PATH: copyDatabase(db.dbPath) }, (P[5] as number), { cwd: '/', readyPath: note }),
      startProcess(join(dir, 'other-build', 'scf_bootstrap'), [], { ...env, SCF_PORT: String(P[6]), NOTES_DB_PATH: copyDatabase(db.dbPath) }, (P[6] as number), { cwd: '/', readyPath: note }),
      startProcess(join(dir, 'with-env', 'scf_bootstrap'), [], { ...env, SCF_PORT: String(P[7]), NOTES_DB_PATH: copyDatabase(db.dbPath) }, (P[7] as number), { cwd: '/', readyPath: note }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([inPlace, moved, otherBuild, withEnv].filter(Boolean).map((s) => s.stop()));
    removeDir(db.dir);
    if (dir) removeDir(dir);
  });

  it('serves notes and every other page kind from the new folder, as the package does in place', async () => {
    for (const path of [note, '/', '/nope', `/s/${note.split('/')[2] ?? ''}`, '/sitemap.xml', '/robots.txt']) {
      const [here, there] = await Promise.all([fetchAnswer(moved.url, path), fetchAnswer(inPlace.url, path)]);
      expect(here.status, path).toBe(there.status);
      expect(keyHeaders(here), path).toEqual(keyHeaders(there));
      expect(here.body.equals(there.body), path).toBe(true);
    }
  });

  it('draws the Open Graph card in the package\'s own card worker, the same bytes as in place', async () => {
    const page = (await fetchAnswer(moved.url, note)).body.toString();
    const card = new URL(/<meta property="og:image" content="([^"]+)"/.exec(page)?.[1] ?? '/missing').pathname;
    const [here, there] = await Promise.all([fetchAnswer(moved.url, card), fetchAnswer(inPlace.url, card)]);
    expect(here.status, card).toBe(200);
    expect(here.headers['content-type']).toBe('image/png');
    // A PNG of 1200x630: signature, then IHDR's width and height.
    expect(here.body.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([here.body.readUInt32BE(16), here.body.readUInt32BE(20)]).toEqual([1200, 630]);
    expect(here.body.equals(there.body)).toBe(true);
    expect(moved.output()).not.toContain('og card unavailable');
  });

  it('compiles from source instead of using code cached under the old path, and says so once', () => {
    // V8 would name the old folder in stack traces, and bindings would look for SQLite's addon there.
    const warnings = moved.output().split('\n').filter((line) => line.includes('start-up cache') && line.includes('partly used'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(functionDir);
  });

  it('gives the notes answered before Next loads the settings of the package\'s .env file, as Next\'s pages get them', async () => {
    // The note was this server's first request (answered before Next loaded); /explore is Next's.
    const [page, explore] = [await fetchAnswer(withEnv.url, note), await fetchAnswer(withEnv.url, '/explore')];
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('Site Name From Dotenv');
    expect(explore.body.toString()).toContain('Site Name From Dotenv');
  });

  it('answers the landing pages from the recording with Next\'s exact header list and bytes; ignores a recording of another build', async () => {
    expect(otherBuild.output()).toContain('recorded-pages.json belongs to build another-build');
    for (const path of ['/', '/en', '/features', '/en/features', '/download', '/en/download']) {
      for (const headers of [{}, { 'if-none-match': '"x"' }, { 'accept-encoding': 'br' }, { 'accept-encoding': 'gzip, deflate' }] as Array<Record<string, string>>) {
        // inPlace answers from the recording (before Next has loaded: each server's first request was a note), otherBuild through Next.
        const [recorded, next] = await Promise.all([rawAnswer(inPlace.url, path, headers), rawAnswer(otherBuild.url, path, headers)]);
        expect(recorded.status, path).toBe(200);
        expect(recorded.rawHeaders, `${path} ${JSON.stringify(headers)}`).toEqual(next.rawHeaders);
        expect(recorded.body.equals(next.body), `${path} ${JSON.stringify(headers)}`).toBe(true);
      }
    }
    const head = await rawAnswer(inPlace.url, '/features', {});
    expect(head.rawHeaders.some((h) => h.startsWith('ETag: "landing-'))).toBe(true);
  });

  it('ignores a note page template saved by another build, and learns this build\'s from Next', async () => {
    const [here, there] = await Promise.all([fetchAnswer(otherBuild.url, note), fetchAnswer(inPlace.url, note)]);
    expect(here.status).toBe(200);
    expect(here.body.equals(there.body)).toBe(true);
    expect(otherBuild.output()).toContain('belongs to build another-build');
    expect(otherBuild.output()).toContain('note page template learnt');
    expect(inPlace.output()).not.toContain('note page template learnt');
  });
});
