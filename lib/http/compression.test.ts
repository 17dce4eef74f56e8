import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressVersionedResponses, EncodedBodies, encodedEtag, etagMatches, isCompressible, negotiateEncoding, varyWithEncoding } from './compression';

describe('negotiateEncoding', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['deflate', null],
    ['identity', null],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['br;q=0.8, gzip;q=0.8', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['*;q=0', null],
    ['gzip;q=0.5, identity', null],
    ['gzip;q=1, identity;q=0.5', 'gzip'],
    // Malformed weights make their entry unusable, never preferred.
    ['br;q=2, gzip', 'gzip'],
    ['br;q=abc, gzip;q=0.1', 'gzip'],
    ['br;q=0.1234', null],
    [' , ;;, br ; q = 1 ', 'br'],
    ['compress, sdch', null],
  ])('%j -> %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });

  it('ignores repeated headers (an array) as no header', () => {
    expect(negotiateEncoding(['gzip', 'br'])).toBeNull();
  });
});

describe('entity tags per encoding', () => {
  it.each([
    ['"v1"', 'br', '"v1-br"'],
    ['"v1"', 'gzip', '"v1-gzip"'],
    ['W/"v1"', 'br', 'W/"v1-br"'],
    ['"v1"', null, '"v1"'],
  ] as const)('%s in %s is %s', (etag, encoding, expected) => {
    expect(encodedEtag(etag, encoding)).toBe(expected);
  });

  it.each([
    ['"v1"', true],
    ['"v1-br"', true],
    ['W/"v1-gzip"', true],
    ['"v0", "v1-br"', true],
    ['*', true],
    ['"v1-deflate"', false],
    ['"v1-br-br"', false],
    ['"v2-br"', false],
    ['v1', false],
  ])('If-None-Match %s matches "v1": %s', (header, expected) => {
    expect(etagMatches(header, '"v1"')).toBe(expected);
  });
});

describe('varyWithEncoding', () => {
  it.each([
    [undefined, 'Accept-Encoding'],
    ['', 'Accept-Encoding'],
    ['User-Agent', 'User-Agent, Accept-Encoding'],
    ['accept-encoding', 'accept-encoding'],
    ['User-Agent, Accept-Encoding', 'User-Agent, Accept-Encoding'],
    ['*', '*'],
    [['Origin', 'User-Agent'], 'Origin, User-Agent, Accept-Encoding'],
  ])('%j -> %s', (vary, expected) => {
    expect(varyWithEncoding(vary)).toBe(expected);
  });
});

describe('isCompressible', () => {
  it.each([
    ['text/html; charset=utf-8', 2000, true],
    ['application/xml; charset=utf-8', 2000, true],
    ['application/atom+xml', 2000, true],
    ['application/json', 2000, true],
    ['image/svg+xml', 2000, true],
    ['text/html', 1000, false],
    ['image/png', 50_000, false],
    ['application/zip', 50_000, false],
    ['application/octet-stream', 50_000, false],
    [undefined, 50_000, false],
  ])('%s of %d bytes: %s', (type, size, expected) => {
    expect(isCompressible(type, size)).toBe(expected);
  });
});

const PAGE = `<!DOCTYPE html><html><body>${'<p>A versioned page, compressed once per version.</p>'.repeat(100)}</body></html>`;

/** A server that answers like Next's pages: whole bodies through res.end, validators set by the page. */
function pageServer(store: EncodedBodies, renders: { count: number }): Server {
  return createServer((req, res) => {
    compressVersionedResponses(req, res, store);
    const url = req.url ?? '/';
    res.setHeader('Content-Type', url.startsWith('/feed') ? 'application/atom+xml' : url.startsWith('/png') ? 'image/png' : 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', url.startsWith('/private') ? 'private, no-cache' : 'public, max-age=60, no-transform');
    if (!url.startsWith('/noetag')) res.setHeader('ETag', '"v1"');
    if (url.startsWith('/page') && etagMatches(String(req.headers['if-none-match'] ?? ''), '"v1"')) {
      res.statusCode = 304;
      res.end();
      return;
    }
    renders.count += 1;
    const body = url.startsWith('/small') ? '<p>tiny</p>' : PAGE;
    // Like Next and sendCacheable: a HEAD response ends without its body, its length announced.
    if (req.method === 'HEAD' && url.includes('headless')) {
      res.setHeader('Content-Length', Buffer.byteLength(body));
      res.end();
      return;
    }
    res.end(body);
  });
}

function get(url: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('compressVersionedResponses', () => {
  let server: Server;
  let origin = '';
  const store = new EncodedBodies(1_000_000);
  const renders = { count: 0 };
  beforeAll(async () => {
    server = pageServer(store, renders);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    ['gzip, deflate, br', 'br', (b: Buffer) => brotliDecompressSync(b)],
    ['gzip', 'gzip', (b: Buffer) => gunzipSync(b)],
    ['identity', undefined, (b: Buffer) => b],
    ['', undefined, (b: Buffer) => b],
  ])('Accept-Encoding %j gets %s with its own ETag and Vary', async (accept, encoding, decode) => {
    const res = await get(`${origin}/page`, accept ? { 'accept-encoding': accept } : {});
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers.etag).toBe(encoding ? `"v1-${encoding}"` : '"v1"');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(decode(res.body).toString()).toBe(PAGE);
    if (encoding) expect(res.body.length).toBeLessThan(PAGE.length / 5);
  });

  it('compresses a version once: later requests take the kept bytes', async () => {
    const before = store.bytes;
    const first = await get(`${origin}/feed`, { 'accept-encoding': 'br' });
    const grown = store.bytes;
    const second = await get(`${origin}/feed`, { 'accept-encoding': 'br' });
    expect(grown).toBeGreaterThan(before);
    expect(store.bytes).toBe(grown);
    expect(second.body.equals(first.body)).toBe(true);
    expect(first.headers['content-type']).toBe('application/atom+xml');
  });

  it('compresses a private page (a per-response nonce) for each response, keeping nothing', async () => {
    const before = store.bytes;
    const res = await get(`${origin}/private`, { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.etag).toBe('"v1-gzip"');
    expect(gunzipSync(res.body).toString()).toBe(PAGE);
    expect(store.bytes).toBe(before);
  });

  it('HEAD carries the headers of the GET it stands for once the version was compressed', async () => {
    const got = await get(`${origin}/page`, { 'accept-encoding': 'br' });
    const head = await get(`${origin}/page`, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.body.length).toBe(0);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(got.headers['content-length']);
    expect(head.headers.etag).toBe('"v1-br"');
  });

  it.each([
    ['/page-headless-1', 'br', 'br', undefined],
    ['/page-headless-2', 'gzip', 'gzip', undefined],
    ['/small-headless', 'br', undefined, '11'],
    ['/page-headless-3', 'identity', undefined, String(Buffer.byteLength(PAGE))],
  ])('HEAD %s sent without a body (Accept-Encoding %s) carries the GET\'s coding %s before any GET', async (path, accept, encoding, length) => {
    const head = await get(`${origin}${path}`, { 'accept-encoding': accept }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-encoding']).toBe(encoding);
    expect(head.headers['content-length']).toBe(length);
    expect(head.headers.vary).toBe('Accept-Encoding');
    const got = await get(`${origin}${path}`, { 'accept-encoding': accept });
    expect(head.headers.etag).toBe(got.headers.etag);
    expect(got.headers['content-encoding']).toBe(encoding);
  });

  it.each([
    ['"v1-br"', 'br', '"v1-br"'],
    ['"v1-gzip"', 'gzip', '"v1-gzip"'],
    ['"v1"', 'br', '"v1"'],
    // A tag of another encoding than the one this request gets still matches; the 304 names the version.
    ['"v1-gzip"', 'br', '"v1"'],
  ])('If-None-Match %s with Accept-Encoding %s: 304 naming %s', async (tag, accept, expected) => {
    const res = await get(`${origin}/page`, { 'accept-encoding': accept, 'if-none-match': tag });
    expect(res.status).toBe(304);
    expect(res.headers.etag).toBe(expected);
    expect(res.body.length).toBe(0);
  });

  it.each([
    ['/small', 'a body below the threshold', '"v1"'],
    ['/png', 'an image', '"v1"'],
    ['/noetag', 'a response without a validator', undefined],
  ])('%s (%s) is sent as it is', async (path, _what, etag) => {
    const res = await get(`${origin}${path}`, { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.etag).toBe(etag);
  });
});

describe('EncodedBodies', () => {
  it('keeps the most recently used bodies within its byte budget', () => {
    const store = new EncodedBodies(1000);
    store.set('a', Buffer.alloc(200));
    store.set('b', Buffer.alloc(200));
    store.get('a');
    for (const key of ['c', 'd', 'e', 'f']) store.set(key, Buffer.alloc(200));
    expect(store.bytes).toBeLessThanOrEqual(1000);
    expect(store.get('a')).toBeDefined();
    expect(store.get('b')).toBeUndefined();
    store.set('huge', Buffer.alloc(600));
    expect(store.get('huge')).toBeUndefined();
  });
});
