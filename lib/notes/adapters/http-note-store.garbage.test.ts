import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingLogger, sendJson, startFakeUpstream, type FakeUpstream } from '../../../test/fake-upstream';
import { NoteStoreUnavailableError } from '../note-store';
import type { SharedNote, SitemapEntry } from '../types';
import { HttpNoteStore } from './http-note-store';

/** Whatever the note service sends, the adapter answers typed data or NoteStoreUnavailableError: never a crash. */

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const NOTE: SharedNote = {
  shareId: ID, state: 'indexable', title: 'T', enml: '<en-note/>', created: null, updated: null, authorName: null, notebook: null,
  notebookShareId: null, tags: ['a'], lang: 'en', resources: [{ hash: 'a'.repeat(32), mime: 'image/png', size: 1, width: 1, height: 1, fileName: null }], version: '1.1', changedAt: null,
};
const BYTES = Buffer.from('0123456789');
const HASH = createHash('md5').update(BYTES).digest('hex');
const ENTRY: SitemapEntry = { shareId: ID, title: 'T', lastModified: null, imageHashes: [] };

let upstream: FakeUpstream;
let store: HttpNoteStore;

beforeEach(async () => {
  upstream = await startFakeUpstream();
  store = new HttpNoteStore({
    baseUrl: upstream.url, timeoutMs: 200, cacheTtlMs: 0, staleTtlMs: 0, cacheEntries: 0, maxResourceBytes: 100,
    logger: recordingLogger(), sleep: () => Promise.resolve(), retry: { attempts: 1 },
  });
});

afterEach(async () => {
  store.agent.destroy();
  await upstream.close();
});

describe('HttpNoteStore refuses malformed JSON answers', () => {
  it.each<[string, unknown]>([
    ['not JSON', '<html>Bad gateway</html>'],
    ['truncated JSON', '{"shareId":"AAAA'],
    ['an array', []],
    ['null', null],
    ['a missing field', { ...NOTE, title: undefined }],
    ['a wrong type', { ...NOTE, tags: 'a' }],
    ['a number as a string', { ...NOTE, resources: [{ ...NOTE.resources[0], size: '1' }] }],
    ['a non-integer size', { ...NOTE, resources: [{ ...NOTE.resources[0], size: 1.5 }] }],
    ['an unknown state', { ...NOTE, state: 'public' }],
    ['a malformed resource hash', { ...NOTE, resources: [{ ...NOTE.resources[0], hash: '../../etc/passwd' }] }],
    ['a malformed notebook share id', { ...NOTE, notebookShareId: 'javascript:alert(1)' }],
    ['a note about another share', { ...NOTE, shareId: 'B'.repeat(22) }],
    ['an empty version', { ...NOTE, version: '' }],
  ])('%s', async (_, body) => {
    upstream.handle((_req, res) => sendJson(res, body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)));
    await expect(store.getSharedNote(ID)).rejects.toBeInstanceOf(NoteStoreUnavailableError);
  });

  it('refuses JSON sent as another content type, and a body cut off mid-way', async () => {
    upstream.handle((_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(JSON.stringify(NOTE)));
    await expect(store.getSharedNote(ID)).rejects.toThrow(/not JSON/);
    upstream.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 5000 });
      res.write(JSON.stringify(NOTE).slice(0, 40), () => res.socket?.destroy());
    });
    await expect(store.getSharedNote(ID)).rejects.toBeInstanceOf(NoteStoreUnavailableError);
  });

  it('drops unknown fields instead of passing them on', async () => {
    upstream.handle((_req, res) => sendJson(res, `{"__proto__":{"polluted":1},${JSON.stringify({ ...NOTE, extra: 'x' }).slice(1)}`));
    const got = await store.getSharedNote(ID);
    expect(got).toEqual(NOTE);
    expect(Object.keys(got ?? {})).not.toContain('extra');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each<[string, () => Promise<unknown>, unknown]>([
    ['a list with a numeric cursor', () => store.listIndexableNotes(null, 10), { items: [], nextCursor: 5 }],
    ['a list that is absent', () => store.listIndexableNotes(null, 10), 404],
    ['shards that are not an array', () => store.getSitemapShards(10), { shard: 0 }],
    ['a negative shard', () => store.getSitemapShards(10), [{ shard: -1, lastModified: null }]],
    ['a notebook page 0', () => store.getPublicNotebook(ID, 1, 10), { notebook: { shareId: ID, state: 'indexable', name: 'N', updated: null, noteCount: 0, version: 'v' }, notes: [], page: 0, pageCount: 1 }],
  ])('%s', async (_, call, body) => {
    upstream.handle((_req, res) => (body === 404 ? void res.writeHead(404).end() : sendJson(res, body)));
    await expect(call()).rejects.toBeInstanceOf(NoteStoreUnavailableError);
  });
});

function sendResource(res: ServerResponse, body: Buffer | string, headers: Record<string, string | number> = {}): void {
  res.writeHead(200, {
    'content-type': 'application/octet-stream', 'x-resource-hash': HASH, 'x-resource-mime': 'text/plain', 'x-resource-size': BYTES.length,
    'x-resource-file-name': '%E5%B1%B1.txt', ...headers,
  });
  res.end(body);
}

describe('HttpNoteStore checks resource bytes and metadata', () => {
  it('reads bytes and header metadata', async () => {
    upstream.handle((_req, res) => sendResource(res, BYTES));
    expect(await store.getResource(ID, HASH)).toEqual({ hash: HASH, mime: 'text/plain', size: 10, width: null, height: null, fileName: '山.txt', data: BYTES });
  });

  it('does not download a resource over maxResourceBytes: metadata only, so the page answers 413', async () => {
    upstream.handle((_req, res) => sendResource(res, Buffer.alloc(5000), { 'x-resource-size': 5000 }));
    expect(await store.getResource(ID, HASH)).toMatchObject({ size: 5000, data: Buffer.alloc(0) });
  });

  it.each<[string, Buffer | string, Record<string, string | number>]>([
    ['more bytes than declared', Buffer.alloc(50), {}],
    ['fewer bytes than declared', BYTES.subarray(0, 5), {}],
    ['a streamed body past the limit', Buffer.alloc(500), { 'x-resource-size': 100, 'transfer-encoding': 'chunked' }],
    ['bytes that do not match the hash', Buffer.from('abcdefghij'), {}],
    ['another hash', BYTES, { 'x-resource-hash': 'b'.repeat(32) }],
    ['a missing size', BYTES, { 'x-resource-size': '' }],
    ['a negative width', BYTES, { 'x-resource-width': '-1' }],
    ['a malformed file name', BYTES, { 'x-resource-file-name': '%E5%B1' }],
  ])('refuses %s', async (_, body, headers) => {
    upstream.handle((_req, res) => sendResource(res, body, headers));
    await expect(store.getResource(ID, HASH)).rejects.toBeInstanceOf(NoteStoreUnavailableError);
  });
});

describe('HttpNoteStore checks sitemap streams line by line', () => {
  async function collect(): Promise<{ entries: SitemapEntry[]; error: unknown }> {
    const entries: SitemapEntry[] = [];
    try {
      for await (const entry of store.streamSitemapShard(0, 10)) entries.push(entry);
      return { entries, error: null };
    } catch (error) {
      return { entries, error };
    }
  }
  const line = (e: SitemapEntry): string => `${JSON.stringify(e)}\n`;
  const ndjson = (res: ServerResponse): ServerResponse => res.writeHead(200, { 'content-type': 'application/x-ndjson' });

  it.each<[string, (res: ServerResponse) => void, number, boolean]>([
    ['a whole stream', (res) => void ndjson(res).end(line(ENTRY) + line(ENTRY)), 2, false],
    ['an empty stream', (res) => void ndjson(res).end(), 0, false],
    ['a bad line after a good one', (res) => void ndjson(res).end(`${line(ENTRY)}{"shareId":1}\n`), 1, true],
    ['a last line without its newline', (res) => void ndjson(res).end(line(ENTRY) + JSON.stringify(ENTRY)), 1, true],
    ['a stream cut by the server', (res) => void ndjson(res).write(line(ENTRY), () => res.socket?.destroy()), 1, true],
    ['a stream that stalls', (res) => void ndjson(res).write(line(ENTRY)), 1, true],
    ['the wrong content type', (res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(line(ENTRY)), 0, true],
  ])('%s', async (_, answer, count, fails) => {
    upstream.handle((_req, res) => answer(res));
    const { entries, error } = await collect();
    expect(entries).toHaveLength(count);
    if (fails) expect(error).toBeInstanceOf(NoteStoreUnavailableError);
    else expect(error).toBeNull();
  });
});
