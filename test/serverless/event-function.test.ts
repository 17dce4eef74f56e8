import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageSize } from 'image-size';
import { functionDir, removeDir, requireFunctionPackage, seededDatabase } from './harness';
import { invoke, loadEvents, type ProxyResult, type ScfEvent } from './events';
import { listShares } from './shares';

describe('event function (sls.js) driven like the Tencent component handler', () => {
  let db: { dir: string; dbPath: string };
  let events: Record<string, ScfEvent>;
  let env: Record<string, string>;
  const call = (...names: string[]): ProxyResult[] => invoke<ProxyResult[]>({ dir: functionDir, events: names.map((n) => events[n] as ScfEvent) }, env);

  beforeAll(() => {
    requireFunctionPackage();
    db = seededDatabase();
    env = { NOTES_DB_PATH: db.dbPath, SITE_URL: 'https://notes.example.com' };
    const shares = listShares(db.dbPath);
    const images = new Map<string, { path: string; etag: string }>();
    const image = (title: string): { path: string; etag: string } => {
      let found = images.get(title);
      if (!found) {
        const [page] = invoke<ProxyResult[]>({ dir: functionDir, events: [{ httpMethod: 'GET', path: `/s/${shares(title)}/x`, headers: {}, queryString: {}, body: '', isBase64Encoded: false }] }, env);
        const location = page?.headers.location ?? '';
        const [html] = invoke<ProxyResult[]>({ dir: functionDir, events: [{ httpMethod: 'GET', path: location, headers: {}, queryString: {}, body: '', isBase64Encoded: false }] }, env);
        const src = /<img src="(\/r\/[^"]+)"/.exec(html?.body ?? '')?.[1] ?? '';
        found = { path: src, etag: `"${src.split('/').pop() ?? ''}"` };
        images.set(title, found);
      }
      return found;
    };
    events = loadEvents((kind, arg) => (kind === 'share' ? shares(arg) : kind === 'image' ? image(arg).path : image(arg).etag));
  });
  afterAll(() => removeDir(db.dir));

  it('a new instance answers a note before loading Next, and loads Next for the first page that needs it', () => {
    const note = (path: string): ScfEvent => ({ httpMethod: 'GET', path, headers: {}, queryString: {}, body: '', isBase64Encoded: false });
    const [redirect] = call('get-missing-slug');
    const location = redirect?.headers.location ?? '';
    expect(location).toMatch(/^\/s\//);
    // A fresh process per invoke(): the first invocation is the instance's first request.
    const [first, page, missing] = invoke<ProxyResult[]>({ dir: functionDir, events: [note(location), note(location), note('/nope')] }, env);
    expect(first?.statusCode).toBe(200);
    expect(first?.body).toContain('周末杭州');
    expect(first?.nextLoaded).toBe(false);
    expect(page?.body).toBe(first?.body);
    expect(missing?.statusCode).toBe(404);
    expect(missing?.nextLoaded).toBe(true);
  });

  it('GET / answers HTML as UTF-8 text, not base64', () => {
    const [res] = call('get-home');
    expect(res?.statusCode).toBe(200);
    expect(res?.isBase64Encoded).toBe(false);
    expect(res?.headers['content-type']).toMatch(/^text\/html/);
    expect(res?.body).toContain('<html lang="zh-CN"');
  });

  it('HEAD answers the headers of GET without a body', () => {
    const [res] = call('head-note');
    expect(res?.statusCode).toBe(200);
    expect(res?.body).toBe('');
  });

  it('query strings and percent-encoded Chinese paths reach the page', () => {
    const [query, chinese, missingSlug] = call('get-note-query', 'get-chinese-path', 'get-missing-slug');
    // A note has one URL: any query string is a duplicate, redirected to it in one hop.
    expect(query?.statusCode).toBe(301);
    expect(query?.headers.location).toBe(events['get-note-query']?.path);
    expect(chinese?.statusCode).toBe(200);
    expect(chinese?.body).toContain('周末杭州两日游攻略');
    expect(missingSlug?.statusCode).toBe(301);
    expect(missingSlug?.headers.location).toMatch(/%E5%91%A8%E6%9C%AB/);
  });

  it('a client asking for gzip still gets plain UTF-8 HTML (no base64 inflation; the CDN compresses)', () => {
    const [res] = call('get-gzip');
    expect(res?.statusCode).toBe(200);
    expect(res?.headers['content-encoding']).toBeUndefined();
    expect(res?.isBase64Encoded).toBe(false);
    expect(res?.body).toContain('个人知识管理');
  });

  it('binary responses come back base64-encoded and intact; conditional GET answers 304', () => {
    const [image, conditional] = call('get-image', 'get-image-conditional');
    expect(image?.statusCode).toBe(200);
    expect(image?.isBase64Encoded).toBe(true);
    const bytes = Buffer.from(image?.body ?? '', 'base64');
    expect(imageSize(bytes).type).toBe('png');
    expect(createHash('md5').update(bytes).digest('hex')).toBe(events['get-image']?.path.split('/').pop());
    expect(conditional?.statusCode).toBe(304);
  });

  it('unknown notes answer 404', () => {
    expect(call('get-unknown')[0]?.statusCode).toBe(404);
  });

  it('does not leak servers or descriptors: 5,000 invocations keep fds and sockets flat', () => {
    const names = ['get-home', 'get-note-query', 'get-chinese-path', 'get-image', 'get-unknown'];
    const result = invoke<{ before: { fds: number; sockets: number }; after: { fds: number; sockets: number }; statuses: Record<string, number> }>(
      { dir: functionDir, events: names.map((n) => events[n] as ScfEvent), repeat: 5000 }, env);
    expect(result.statuses).toEqual({ 200: 3000, 301: 1000, 404: 1000 });
    expect(result.after.fds - result.before.fds).toBeLessThanOrEqual(10);
    expect(result.after.sockets - result.before.sockets).toBeLessThanOrEqual(10);
  });

  it('the leak check can fail: without the fix, 300 invocations leave ~300 sockets behind', () => {
    const result = invoke<{ before: { fds: number; sockets: number }; after: { fds: number; sockets: number } }>(
      { dir: functionDir, events: [events['get-unknown'] as ScfEvent], repeat: 300, control: true }, env);
    expect(result.after.sockets - result.before.sockets).toBeGreaterThanOrEqual(290);
    expect(result.after.fds - result.before.fds).toBeGreaterThanOrEqual(290);
  });
});
