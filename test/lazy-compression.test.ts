import { createRequire } from 'node:module';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressVersionedResponses, EncodedBodies } from '../lib/http/compression.js';
// The server entry's deferred compression (plain JavaScript, outside the Next build).
import { deferCompression, installCompression } from '../runtime/lazy-compression.js';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
const compression = createRequire(import.meta.url)('next/dist/compiled/compression') as () => Middleware;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Deterministic text of `bytes` bytes (some of it compressible, some not). */
function body(bytes: number): Buffer {
  let text = '';
  for (let i = 0; text.length < bytes; i += 1) text += `<url><loc>https://notes.example.com/s/${(i * 7919) % 10007}</loc></url>\n`;
  return Buffer.from(text.slice(0, bytes));
}

function versioned(type: string, bytes: number, extra: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', 'public, max-age=3600, s-maxage=86400');
    res.setHeader('ETag', '"v1"');
    for (const [name, value] of Object.entries(extra)) res.setHeader(name, value);
    res.end(body(bytes));
  };
}

function plain(headers: Record<string, string>, payload: Buffer | string, status = 200): Handler {
  return (_req, res) => {
    res.statusCode = status;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.end(payload);
  };
}

const HTML = 'text/html; charset=utf-8';
const XML = 'application/xml; charset=utf-8';
const BR = { 'accept-encoding': 'gzip, deflate, br' };
const GZIP = { 'accept-encoding': 'gzip' };

/** [case, handler, request headers, method, whether the middleware had to be loaded] */
const CASES: Array<[string, Handler, Record<string, string>, string, boolean]> = [
  ['small versioned text (robots.txt): chunked, as the middleware sends it', versioned('text/plain; charset=utf-8', 300), BR, 'GET', false],
  ['small versioned text, no Accept-Encoding', versioned('text/plain; charset=utf-8', 300), {}, 'GET', false],
  ['large versioned XML, brotli (compression.js encodes it)', versioned(XML, 5000), BR, 'GET', false],
  ['large versioned XML, gzip only', versioned(XML, 5000), GZIP, 'GET', false],
  ['large versioned XML, no Accept-Encoding (the middleware decides)', versioned(XML, 5000), {}, 'GET', true],
  ['large versioned XML, identity only', versioned(XML, 5000), { 'accept-encoding': 'identity' }, 'GET', true],
  ['HEAD of small versioned text', versioned('text/plain; charset=utf-8', 300), BR, 'HEAD', false],
  ['HEAD of large versioned XML', versioned(XML, 5000), BR, 'HEAD', false],
  ['no-transform page (explore), brotli', versioned(HTML, 4000, { 'Cache-Control': 'public, max-age=60, no-transform' }), BR, 'GET', false],
  ['no-transform page, no Accept-Encoding', versioned(HTML, 4000, { 'Cache-Control': 'public, max-age=60, no-transform' }), {}, 'GET', false],
  ['private page without ETag (notebook search): gzip by the middleware', plain({ 'Content-Type': HTML, 'Cache-Control': 'private, max-age=60' }, body(4000)), BR, 'GET', true],
  ['small private page without ETag: Vary by the middleware', plain({ 'Content-Type': HTML, 'Cache-Control': 'private' }, 'short'), BR, 'GET', true],
  ['weak ETag, large', plain({ 'Content-Type': XML, ETag: 'W/"v1"' }, body(3000)), GZIP, 'GET', true],
  ['404 text without ETag', plain({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=60' }, 'Not found\n', 404), BR, 'GET', true],
  ['Vary spelt in lower case by the page', plain({ 'Content-Type': 'text/plain', vary: 'Accept-Encoding' }, 'x'), BR, 'GET', true],
  ['Vary: *', plain({ 'Content-Type': 'text/plain', Vary: 'Accept-Encoding, *' }, 'x'), BR, 'GET', true],
  ['Vary given as a list', plain({ 'Content-Type': 'text/plain' }, 'x'), BR, 'GET', true],
  ['a string body with multi-byte characters', plain({ 'Content-Type': 'text/plain; charset=utf-8', Vary: 'Accept-Encoding' }, '笔记'.repeat(300)), BR, 'GET', true],
  ['small multi-byte string', plain({ 'Content-Type': 'text/plain; charset=utf-8', Vary: 'Accept-Encoding' }, '笔记'.repeat(100)), BR, 'GET', false],
  ['304', plain({ ETag: '"v1"', 'Cache-Control': 'public, max-age=60' }, '', 304), { ...BR, 'if-none-match': '"v1"' }, 'GET', true],
  ['304 of an encoded variant (compression.js adds Vary)', versioned(XML, 0, {}), { ...BR, 'if-none-match': '"v1-br"' }, 'GET', false],
  ['a body written in pieces', (_req, res) => {
    res.setHeader('Content-Type', XML);
    res.write(body(3000));
    res.write(body(3000));
    res.end();
  }, BR, 'GET', true],
  ['a head written first', (_req, res) => {
    res.writeHead(200, { 'Content-Type': XML, ETag: '"v1"', Vary: 'Accept-Encoding' });
    res.end(body(300));
  }, BR, 'GET', true],
  ['installed before the page (as for Next)', (_req, res) => {
    installCompression(res);
    versioned('text/plain', 300)(_req, res);
  }, BR, 'GET', true],
];

/** Lists Vary as two headers for the 'given as a list' case (set after the handler's own headers). */
function withListVary(name: string, handler: Handler): Handler {
  if (!name.startsWith('Vary given as a list')) return handler;
  return (req, res) => {
    res.setHeader('Vary', ['Accept-Encoding', 'Cookie']);
    handler(req, res);
  };
}

/** The 304 case answers 304 when If-None-Match matches, as the pages do. */
function withConditional(name: string, handler: Handler): Handler {
  if (!name.startsWith('304 of an encoded')) return handler;
  return (req, res) => {
    res.statusCode = 304;
    res.setHeader('ETag', '"v1"');
    res.setHeader('Content-Type', XML);
    res.end();
    void req;
  };
}

interface Running {
  server: Server;
  port: number;
  installed: Map<string, boolean>;
}

async function serve(eager: boolean): Promise<Running> {
  const installed = new Map<string, boolean>();
  const store = new EncodedBodies(1 << 20);
  const server = createServer((req, res) => {
    const [name, handler] = CASES[Number(req.url?.slice(1))] ?? [];
    if (!name || !handler) throw new Error(`no case ${req.url ?? ''}`);
    if (eager) compression()(req, res, () => {});
    else deferCompression(req, res);
    compressVersionedResponses(req, res, store);
    withConditional(name, withListVary(name, handler))(req, res);
    // Every handler here writes synchronously; the middleware adds `flush` when installed.
    installed.set(name, typeof (res as ServerResponse & { flush?: unknown }).flush === 'function');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, port: (server.address() as AddressInfo).port, installed };
}

/** The whole answer as sent on the wire (status line, header lines, framing, body), without its Date. */
function raw(port: number, path: string, method: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1').replace(/\r\nDate: [^\r]*/, '')));
    socket.on('error', reject);
    const lines = [`${method} ${path} HTTP/1.1`, 'Host: notes.example.com', 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    socket.end(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

describe('deferred compression middleware', () => {
  let eager: Running;
  let deferred: Running;
  beforeAll(async () => {
    [eager, deferred] = await Promise.all([serve(true), serve(false)]);
  });
  afterAll(async () => {
    await Promise.all([eager, deferred].map((r) => new Promise((done) => r.server.close(done))));
  });

  it.each(CASES.map((c, i) => [c[0], i, c[2], c[3], c[4]] as const))('%s: the same bytes as the middleware installed first', async (name, index, headers, method, needsMiddleware) => {
    const [expected, actual] = await Promise.all([raw(eager.port, `/${index}`, method, headers), raw(deferred.port, `/${index}`, method, headers)]);
    expect(actual).toBe(expected);
    expect(deferred.installed.get(name), 'middleware installed').toBe(needsMiddleware);
  });
});
