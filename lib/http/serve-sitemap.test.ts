import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { NoteStore } from '../notes/note-store';
import type { SitemapEntry } from '../notes/types';
import { serveSitemap } from './serve-sitemap';

const STORE = Symbol.for('note-publisher.note-store');
const registry = globalThis as typeof globalThis & { [STORE]?: Promise<NoteStore> };

/**
 * A store whose shard stream says when it was closed (the SQLite adapter's statement is released
 * then). The shard is read twice: once for its entity tag, then to write it; `closed` is the second.
 */
function shardStore(count: number): { closed: Promise<number>; store: NoteStore } {
  let markClosed: (read: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => { markClosed = resolve; });
  let streams = 0;
  const store = {
    async *streamSitemapShard(): AsyncIterable<SitemapEntry> {
      let read = 0;
      try {
        for (; read < count; read += 1) {
          yield { shareId: `id${String(read).padStart(20, '0')}`, title: `note ${read}`, lastModified: '2026-01-01T00:00:00.000Z', imageHashes: [] };
          if (read % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        streams += 1;
        if (streams === 2) markClosed(read);
      }
    },
  } as unknown as NoteStore;
  return { closed, store };
}

let server: Server | null = null;

async function serve(store: NoteStore): Promise<number> {
  registry[STORE] = Promise.resolve(store);
  server = createServer((req, res) => void serveSitemap(req, res, 0));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  registry[STORE] = undefined;
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

function get(port: number, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ port, host: '127.0.0.1', path: '/', method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

describe('serveSitemap: a shard', () => {
  it('has an entity tag from its entries and answers 304 to it', async () => {
    const port = await serve(shardStore(10).store);
    const first = await fetch(`http://127.0.0.1:${port}/`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    await first.text();
    const again = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toMatch(/max-age/);
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    const other = await fetch(`http://127.0.0.1:${await serve(shardStore(11).store)}/`, { headers: { 'If-None-Match': etag } });
    expect(other.status).toBe(200);
    await other.text();
  });

  it('is written whole, in pieces, and its stream is closed afterwards', async () => {
    const { closed, store } = shardStore(3000);
    const { status, body } = await get(await serve(store));
    expect(status).toBe(200);
    expect(body.startsWith('<?xml')).toBe(true);
    expect(body.match(/<loc>/g)).toHaveLength(3000);
    expect(body.trimEnd().endsWith('</urlset>')).toBe(true);
    expect(await closed).toBe(3000);
  });

  it('HEAD answers the headers and closes the stream after the first entry', async () => {
    const { closed, store } = shardStore(3000);
    const { status, body } = await get(await serve(store), 'HEAD');
    expect([status, body]).toEqual([200, '']);
    expect(await closed).toBe(0);
  });

  it('stops reading, and closes the stream, when the crawler hangs up mid-shard', async () => {
    const { closed, store } = shardStore(200_000);
    const port = await serve(store);
    await new Promise<void>((resolve) => {
      const req = request({ port, host: '127.0.0.1', path: '/' }, (res) => {
        // Read one piece, then stop reading (backpressure builds up) and hang up.
        res.once('data', () => {
          res.pause();
          setTimeout(() => { req.destroy(); resolve(); }, 50);
        });
      });
      req.on('error', () => undefined).end();
    });
    // Without the fix the writer waits for 'drain' forever and this never resolves (test timeout).
    expect(await closed).toBeLessThan(200_000);
  });
});
