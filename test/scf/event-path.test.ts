import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../paths';
import { copyDatabase, functionDir, removeDir, requireFunctionPackage, seededDatabase } from '../serverless/harness';
import type { ProxyResult, ScfEvent } from '../serverless/events';
import { listShares } from '../serverless/shares';

/**
 * The event-function path serverless.yml's component would run (if `type: web` were dropped): the
 * component's own handler over sls.js. SCF returns a body as the handler encodes it, so anything
 * that is not UTF-8 text must come back base64-encoded, and HTML as text (base64 would add a third).
 */
function invokeThroughComponent(events: ScfEvent[], env: Record<string, string>): ProxyResult[] {
  const result = spawnSync(process.execPath, [join(__dirname, '..', 'serverless', 'component-handler.cjs')], {
    cwd: functionDir,
    input: JSON.stringify({ events }),
    env: { ...process.env, ...env, SLS_PACKAGE_DIR: functionDir, SLS_ENTRY_FILE: 'sls.js', NODE_PATH: join(repoRoot, 'node_modules') },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`handler failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout.slice(result.stdout.lastIndexOf('@@RESULT@@') + '@@RESULT@@'.length)) as ProxyResult[];
}

const get = (path: string): ScfEvent => ({ httpMethod: 'GET', path, headers: { host: 'notes.example.com', 'accept-encoding': 'gzip, br' }, queryString: {}, body: '', isBase64Encoded: false });

describe('event path through the component\'s handler', () => {
  let db: { dir: string; dbPath: string };
  let results: Map<string, ProxyResult>;

  beforeAll(() => {
    requireFunctionPackage();
    db = seededDatabase();
    const share = listShares(db.dbPath);
    const env = { NOTES_DB_PATH: copyDatabase(db.dbPath), SITE_URL: 'https://notes.example.com', DEPLOY_ENV: 'production' };
    const zh = `/s/${share('周末杭州')}/${encodeURIComponent('周末杭州两日游攻略')}`;
    const [page] = invokeThroughComponent([get(zh)], env);
    const image = /<img src="(\/r\/[^"]+)"/.exec(page?.body ?? '')?.[1] ?? '';
    expect(image).toMatch(/^\/r\//);
    const paths = ['/', zh, image, '/favicon.svg', `/qr/${share('Sourdough')}.svg`, '/sitemap.xml', '/sitemaps/notes-0.xml', '/robots.txt'];
    results = new Map(invokeThroughComponent(paths.map(get), env).map((r, i) => [paths[i] as string, r]));
    results.set('image', results.get(image) as ProxyResult);
    results.set('note', results.get(zh) as ProxyResult);
  });

  afterAll(() => {
    removeDir(db.dir);
  });

  it.each([
    ['the home page', '/'],
    ['a note', 'note'],
  ])('answers %s as UTF-8 HTML text', (_name, key) => {
    const r = results.get(key);
    expect(r?.statusCode).toBe(200);
    expect(r?.headers['content-type']).toMatch(/^text\/html/);
    expect(r?.isBase64Encoded).toBe(false);
    expect(r?.body).toMatch(/^<!DOCTYPE html>/i);
  });

  it.each([
    ['a note image', 'image', /^image\//],
    ['an SVG file', '/favicon.svg', /^image\/svg\+xml/],
    ['an SVG QR code', '/qr/', /^image\/svg\+xml/],
    ['the sitemap index', '/sitemap.xml', /xml/],
  ])('answers %s base64-encoded, bytes intact', (_name, key, type) => {
    const r = key === '/qr/' ? [...results.entries()].find(([path]) => path.startsWith('/qr/'))?.[1] : results.get(key);
    expect(r?.statusCode).toBe(200);
    expect(r?.headers['content-type']).toMatch(type);
    expect(r?.isBase64Encoded).toBe(true);
    const bytes = Buffer.from(r?.body ?? '', 'base64');
    expect(bytes.length).toBeGreaterThan(0);
    if (/svg|xml/.test(String(r?.headers['content-type']))) expect(bytes.toString('utf8')).toMatch(/^(<\?xml|<svg)/);
  });

  it('answers sitemap shards base64-encoded too', () => {
    const shard = results.get('/sitemaps/notes-0.xml');
    expect(shard?.statusCode).toBe(200);
    expect(shard?.isBase64Encoded).toBe(true);
    expect(Buffer.from(shard?.body ?? '', 'base64').toString('utf8')).toContain('<urlset');
  });
});
