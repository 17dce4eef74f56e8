import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../test/fake-upstream';
import { memoryStore } from '../../../test/memory-store';
import { PNG_1x1, seedContractFixture, type ContractFixture } from '../adapters/contract-fixture';
import { NoteStoreUnavailableError, type NoteStore } from '../note-store';
import type { SitemapEntry } from '../types';
import { startNoteService, type RunningNoteService } from './start-note-service';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string; error?: string }

/** A raw request: the path goes out byte for byte (fetch would normalise `..` and escapes). */
function send(base: string, path: string, options: { method?: string; token?: string | null } = {}): Promise<Answer> {
  const { hostname, port } = new URL(base);
  const headers = options.token === null ? {} : { authorization: `Bearer ${options.token ?? 'secret'}` };
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: options.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString(), error: e.message }));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('reference note service', () => {
  let service: RunningNoteService;
  let f: ContractFixture;
  beforeAll(async () => {
    const { store, writer } = memoryStore();
    f = seedContractFixture(writer);
    service = await startNoteService({ store, port: 0, token: 'secret', logger: recordingLogger() });
  });
  afterAll(() => service.close());

  it.each([
    ['malformed share id', '/v1/shares/nope', 400],
    ['escaped bytes in an id', '/v1/shares/%00%00%00%00%00%00%00%00%00%00%00', 400],
    ['overlong id', `/v1/shares/${'A'.repeat(5000)}`, 400],
    ['unknown share', '/v1/shares/AAAAAAAAAAAAAAAAAAAAAA', 404],
    ['malformed hash', '/v1/shares/AAAAAAAAAAAAAAAAAAAAAA/resources/PNG', 400],
    ['unknown resource', `/v1/shares/AAAAAAAAAAAAAAAAAAAAAA/resources/${'0'.repeat(32)}`, 404],
    ['limit zero', '/v1/notes?limit=0', 400],
    ['limit too big', '/v1/notes?limit=1001', 400],
    ['limit not a number', '/v1/notes?limit=1e3', 400],
    ['limit twice', '/v1/notes?limit=1&limit=2', 400],
    ['cursor with bad characters', '/v1/notes?cursor=%7B%22a%22%7D', 400],
    ['shardSize missing', '/v1/sitemap-shards', 400],
    ['shardSize negative', '/v1/sitemap-shards?shardSize=-1', 400],
    ['shard not a number', '/v1/sitemap-shards/x?shardSize=2', 400],
    ['shard too big', '/v1/sitemap-shards/99999999999?shardSize=2', 400],
    ['page zero', '/v1/notebooks/AAAAAAAAAAAAAAAAAAAAAA?page=0', 400],
    ['pageSize too big', '/v1/notebooks/AAAAAAAAAAAAAAAAAAAAAA?pageSize=5000', 400],
    ['unknown notebook', '/v1/notebooks/AAAAAAAAAAAAAAAAAAAAAA', 404],
    ['changes: after not a number', '/v1/changes?after=x', 400],
    ['changes: after negative', '/v1/changes?after=-1', 400],
    ['changes: after twice', '/v1/changes?after=1&after=2', 400],
    ['changes: limit too big', '/v1/changes?limit=1001', 400],
    ['unknown path', '/v2/shares', 404],
    ['root', '/', 404],
    ['dot segments', '/v1/shares/../notes', 404],
    ['empty id', '/v1/shares/', 404],
  ])('%s (%s) answers %i with a JSON error', async (_, path, status) => {
    const answer = await send(service.url, path);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toMatchObject({ error: expect.any(String) as unknown });
  });

  it('answers 401 without the right bearer token and 405 to other methods', async () => {
    expect((await send(service.url, `/v1/shares/${f.pictures}`, { token: null })).status).toBe(401);
    expect((await send(service.url, `/v1/shares/${f.pictures}`, { token: 'wrong' })).headers['www-authenticate']).toBe('Bearer');
    const post = await send(service.url, '/v1/notes', { method: 'POST' });
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
  });

  it('answers HEAD like GET without a body', async () => {
    for (const path of [`/v1/shares/${f.pictures}`, `/v1/shares/${f.pictures}/resources/${f.pngHash}`, '/v1/sitemap-shards/0?shardSize=2', '/v1/shares/nope']) {
      const [get, head] = [await send(service.url, path), await send(service.url, path, { method: 'HEAD' })];
      expect(head.status, path).toBe(get.status);
      expect(head.headers['content-type'], path).toBe(get.headers['content-type']);
      expect(head.body, path).toBe('');
    }
  });

  it('sends resource bytes with their metadata in headers, free text percent-encoded', async () => {
    const answer = await send(service.url, `/v1/shares/${f.pictures}/resources/${f.pngHash}`);
    expect(answer.headers).toMatchObject({
      'content-type': 'application/octet-stream', 'content-length': String(PNG_1x1.length), 'x-resource-hash': f.pngHash,
      'x-resource-mime': 'image/png', 'x-resource-size': String(PNG_1x1.length), 'x-resource-width': '1', 'x-resource-height': '1',
      'x-resource-file-name': '%E5%B1%B1.png',
    });
  });

  it('streams a shard as NDJSON, one entry per line', async () => {
    const answer = await send(service.url, '/v1/sitemap-shards/0?shardSize=2');
    expect(answer.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(answer.body.split('\n')).toEqual([...f.published.slice(0, 2).map((id) => expect.stringContaining(id) as unknown), '']);
  });
});

describe('reference note service over a failing store', () => {
  const failing = (error: Error): NoteStore => ({
    getSharedNote: () => Promise.reject(error),
    getResource: () => Promise.reject(error),
    listIndexableNotes: () => Promise.reject(error),
    getIndexableNotesPage: () => Promise.reject(error),
    listIndexableNotebooks: () => Promise.reject(error),
    getSitemapShards: () => Promise.reject(error),
    getPublicNotebook: () => Promise.reject(error),
    searchNotebook: () => Promise.reject(error),
    async *streamSitemapShard(): AsyncIterable<SitemapEntry> {
      yield { shareId: 'AAAAAAAAAAAAAAAAAAAAAA', title: 'first', lastModified: null, imageHashes: [] };
      await Promise.resolve(); // the failure comes on a later read, after the first entry went out
      throw error;
    },
  });

  it.each([
    ['an unavailable store', 503, new NoteStoreUnavailableError('down')],
    ['a bug', 500, new Error('boom')],
  ])('answers %s with %i, and cuts a stream that fails midway', async (_, status, error) => {
    const service = await startNoteService({ store: failing(error), port: 0, logger: recordingLogger() });
    try {
      const answer = await send(service.url, '/v1/shares/AAAAAAAAAAAAAAAAAAAAAA', { token: null });
      expect(answer.status).toBe(status);
      expect(answer.headers['retry-after']).toBe(status === 503 ? '5' : undefined);
      // Cut, never a clean end: the client sees an aborted body (or no response at all if nothing was flushed yet).
      const outcome = await send(service.url, '/v1/sitemap-shards/0?shardSize=2', { token: null }).then((a) => a.error, (e: Error) => e.message);
      expect(outcome).toMatch(/^(aborted|socket hang up)$/);
    } finally {
      await service.close();
    }
  });
});
