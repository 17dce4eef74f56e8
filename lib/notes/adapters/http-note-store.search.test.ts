import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingLogger, sendJson, startFakeUpstream, type FakeUpstream } from '../../../test/fake-upstream';
import { NoteStoreUnavailableError } from '../note-store';
import type { NotebookSearchPage } from '../types';
import { HttpNoteStore } from './http-note-store';

const NB = 'NNNNNNNNNNNNNNNNNNNNNN';
const HIT = 'HHHHHHHHHHHHHHHHHHHHHH';

function answer(url: string, title = 'Day 3'): NotebookSearchPage {
  const query = new URL(url, 'http://x').searchParams;
  return {
    notebook: { shareId: NB, state: 'indexable', name: 'NB', updated: null, noteCount: 1, changedAt: null, version: 'v' },
    query: query.get('q') ?? '', hits: [{ shareId: HIT, title, updated: null, notebook: 'NB', lang: 'en', snippet: 'a <b>plain</b> snippet' }],
    total: 1, page: Number(query.get('page')), pageCount: 1,
  };
}

let upstream: FakeUpstream;
let clock: number;
let store: HttpNoteStore;

beforeEach(async () => {
  upstream = await startFakeUpstream();
  clock = 0;
  store = new HttpNoteStore({
    baseUrl: upstream.url, timeoutMs: 1000, cacheTtlMs: 1000, staleTtlMs: 60_000, cacheEntries: 10, maxResourceBytes: 1000,
    now: () => clock, random: () => 0.5, logger: recordingLogger(), breaker: { failureThreshold: 1000 }, sleep: () => Promise.resolve(),
  });
});

afterEach(async () => {
  store.agent.destroy();
  await upstream.close();
});

describe('HttpNoteStore.searchNotebook', () => {
  it('asks the documented path with the query encoded, and checks the answer', async () => {
    upstream.handle((req, res) => sendJson(res, answer(req.url ?? '')));
    const found = await store.searchNotebook(NB, '分享 & notes?', 2, 10);
    expect(upstream.requests).toEqual([`/v1/notebooks/${NB}/search?q=${encodeURIComponent('分享 & notes?')}&page=2&pageSize=10`]);
    expect(found).toMatchObject({ query: '分享 & notes?', page: 2, hits: [{ shareId: HIT, snippet: 'a <b>plain</b> snippet' }] });
  });

  it('caches for the TTL, then asks again; invalidate() forgets every search', async () => {
    upstream.handle((req, res) => sendJson(res, answer(req.url ?? '')));
    await store.searchNotebook(NB, 'day', 1, 10);
    await store.searchNotebook(NB, 'day', 1, 10);
    expect(upstream.requests).toHaveLength(1);
    store.invalidate(HIT);
    await store.searchNotebook(NB, 'day', 1, 10);
    expect(upstream.requests).toHaveLength(2);
    clock += 1001;
    await store.searchNotebook(NB, 'day', 1, 10);
    expect(upstream.requests).toHaveLength(3);
  });

  it('a failing service is an outage (503), never an old answer', async () => {
    upstream.handle((req, res) => sendJson(res, answer(req.url ?? '')));
    await store.searchNotebook(NB, 'day', 1, 10);
    upstream.handle((_, res) => void res.writeHead(503).end());
    clock += 1001; // past the TTL, well inside the stale window notes and notebooks get
    await expect(store.searchNotebook(NB, 'day', 1, 10)).rejects.toBeInstanceOf(NoteStoreUnavailableError);
  });

  it.each<[string, (url: string) => unknown]>([
    ['another notebook', (url) => ({ ...answer(url), notebook: { ...answer(url).notebook, shareId: HIT } })],
    ['another page', (url) => ({ ...answer(url), page: 9 })],
    ['a missing snippet', (url) => ({ ...answer(url), hits: [{ shareId: HIT, title: 't', updated: null, notebook: null, lang: 'en' }] })],
    ['not JSON', () => '<html>'],
  ])('refuses an answer about %s (unavailable)', async (_, body) => {
    upstream.handle((req, res) => sendJson(res, body(req.url ?? '')));
    await expect(store.searchNotebook(NB, 'day', 1, 10)).rejects.toBeInstanceOf(NoteStoreUnavailableError);
  });

  it.each<[string, string, string, number]>([
    ['a malformed notebook id', '../x', 'day', 1],
    ['an empty query', NB, '', 1],
    ['a page beyond the contract', NB, 'day', 101],
  ])('%s is absent without a call', async (_, id, query, page) => {
    expect(await store.searchNotebook(id, query, page, 10)).toBeNull();
    expect(upstream.requests).toEqual([]);
  });
});
