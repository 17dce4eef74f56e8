import { Agent, type ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingLogger, sendJson, startFakeUpstream, type FakeUpstream } from '../../../test/fake-upstream';
import { NoteStoreUnavailableError } from '../note-store';
import type { NotebookPage, SharedNote } from '../types';
import { HttpNoteStore, type HttpNoteStoreOptions } from './http-note-store';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const idN = (n: number): string => `${'B'.repeat(20)}${String(n).padStart(2, '0')}`;
const note = (shareId = ID): SharedNote => ({
  shareId, state: 'indexable', title: 'T', enml: '<en-note/>', created: null, updated: null, authorName: null, notebook: null,
  notebookShareId: null, tags: [], lang: 'en', resources: [], version: '1.1', changedAt: null,
});
const notebook = (shareId: string, page: number): NotebookPage => ({
  notebook: { shareId, state: 'indexable', name: 'NB', updated: null, noteCount: 0, changedAt: '2026-01-02T00:00:00.000Z', version: 'v' }, notes: [], page, pageCount: 1,
});
/** Answers any note or notebook path with a valid body about the requested id. */
const echo = (req: { url?: string }, res: ServerResponse): void => {
  const [, kind, id] = /^\/v1\/(shares|notebooks)\/([^/?]+)/.exec(req.url ?? '') ?? [];
  sendJson(res, kind === 'notebooks' ? notebook(id ?? '', Number(/page=(\d+)/.exec(req.url ?? '')?.[1])) : note(id));
};

/** Holds requests unanswered until release(); `arrived` resolves with the first one (no sleeps). */
function holdRequests(): { arrived: Promise<void>; release: () => void } {
  const held: Array<() => void> = [];
  let arrived!: () => void;
  const first = new Promise<void>((resolve) => (arrived = resolve));
  upstream.handle((req, res) => {
    held.push(() => echo(req, res));
    arrived();
  });
  return { arrived: first, release: () => held.splice(0).forEach((answer) => answer()) };
}

let upstream: FakeUpstream;
let clock: number;
let delays: number[];
let logger: ReturnType<typeof recordingLogger>;
const stores: HttpNoteStore[] = [];

function makeStore(overrides: Partial<HttpNoteStoreOptions> = {}): HttpNoteStore {
  const store = new HttpNoteStore({
    baseUrl: upstream.url, timeoutMs: 1000, cacheTtlMs: 1000, staleTtlMs: 10_000, cacheEntries: 10, maxResourceBytes: 1000,
    now: () => clock, random: () => 0.5, logger, breaker: { failureThreshold: 1000 },
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
  stores.push(store);
  return store;
}

beforeEach(async () => {
  upstream = await startFakeUpstream();
  clock = 0;
  delays = [];
  logger = recordingLogger();
});

afterEach(async () => {
  for (const store of stores.splice(0)) store.agent.destroy();
  await upstream.close();
});

describe('HttpNoteStore: timeouts and retries', () => {
  it('times out a call that gets no answer, and retries it once', async () => {
    upstream.handle(() => undefined);
    // Long enough for the fake upstream (same process) to read each request on a loaded machine.
    const store = makeStore({ timeoutMs: 250, retry: { attempts: 2 } });
    await expect(store.getSharedNote(ID)).rejects.toThrow(/did not answer within 250 ms/);
    await vi.waitFor(() => expect(upstream.requests).toHaveLength(2));
  });

  it.each([
    ['503', (res: ServerResponse) => void res.writeHead(503).end()],
    ['502', (res: ServerResponse) => void res.writeHead(502).end()],
    ['504', (res: ServerResponse) => void res.writeHead(504).end()],
    ['a reset connection', (res: ServerResponse) => void res.socket?.destroy()],
  ])('retries after %s, then succeeds', async (_, fail) => {
    upstream.handle((req, res) => (upstream.requests.length === 1 ? fail(res) : echo(req, res)));
    expect(await makeStore().getSharedNote(ID)).toEqual(note());
    expect(upstream.requests).toHaveLength(2);
    expect(delays).toEqual([25]);
  });

  it('retries a refused connection', async () => {
    const closed = await startFakeUpstream();
    await closed.close();
    await expect(makeStore({ baseUrl: closed.url }).getSharedNote(ID)).rejects.toThrow(/ECONNREFUSED/);
    expect(delays).toHaveLength(2);
  });

  it.each([
    ['404 (absent)', 404, null],
    ['400', 400, /answered 400/],
    ['401', 401, /answered 401/],
    ['500', 500, /answered 500/],
    ['garbage', 200, /invalid answer/],
  ])('does not retry %s', async (_, status, outcome) => {
    upstream.handle((req, res) => (status === 200 ? sendJson(res, '{"oops"') : void res.writeHead(status).end()));
    const call = makeStore().getSharedNote(ID);
    if (outcome === null) expect(await call).toBeNull();
    else await expect(call).rejects.toThrow(outcome);
    expect(upstream.requests).toHaveLength(1);
  });

  it('gives up after the configured attempts, with full-jitter delays', async () => {
    upstream.handle((_, res) => void res.writeHead(503).end());
    const store = makeStore({ random: () => 1, retry: { attempts: 5 } });
    await expect(store.getSharedNote(ID)).rejects.toBeInstanceOf(NoteStoreUnavailableError);
    expect(upstream.requests).toHaveLength(5);
    // random() = 1 picks the ceiling: 50 ms doubling, capped at 400 ms.
    expect(delays).toEqual([50, 100, 200, 400]);
  });

  it('sends the bearer token', async () => {
    let authorization: string | undefined;
    upstream.handle((req, res) => {
      authorization = req.headers.authorization;
      echo(req, res);
    });
    await makeStore({ token: 's3cret' }).getSharedNote(ID);
    expect(authorization).toBe('Bearer s3cret');
  });
});

describe('HttpNoteStore: circuit breaker', () => {
  const breakerStore = (): HttpNoteStore =>
    makeStore({ cacheEntries: 0, retry: { attempts: 1 }, breaker: { failureThreshold: 3, coolDownMs: 1000 } });

  it('opens after N consecutive failures and fails fast until the cool-down ends', async () => {
    upstream.handle((_, res) => void res.writeHead(503).end());
    const store = breakerStore();
    for (let i = 0; i < 3; i += 1) await expect(store.getSharedNote(ID)).rejects.toThrow(/answered 503/);
    await expect(store.getSharedNote(ID)).rejects.toThrow(/circuit is open/);
    clock += 999;
    await expect(store.getSharedNote(ID)).rejects.toThrow(/circuit is open/);
    expect(upstream.requests).toHaveLength(3);
    expect(logger.lines).toContain('error note service circuit breaker changed state');
  });

  it('lets one probe through when half-open: success closes it, failure reopens it', async () => {
    upstream.handle((_, res) => void res.writeHead(503).end());
    const store = breakerStore();
    for (let i = 0; i < 3; i += 1) await expect(store.getSharedNote(ID)).rejects.toThrow();
    clock += 1000;
    await expect(store.getSharedNote(ID)).rejects.toThrow(/answered 503/);
    await expect(store.getSharedNote(ID)).rejects.toThrow(/circuit is open/);
    clock += 1000;
    upstream.handle(echo);
    // Another note, or the two reads would simply be coalesced into the probe.
    const [probe, other] = await Promise.allSettled([store.getSharedNote(ID), store.getSharedNote(idN(1))]);
    expect(probe).toMatchObject({ status: 'fulfilled' });
    expect(other).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/circuit is open/) as unknown } });
    expect(await store.getSharedNote(ID)).toEqual(note());
    expect(upstream.requests).toHaveLength(6);
  });
});

describe('HttpNoteStore: coalescing and the socket pool', () => {
  it('makes one upstream call for 100 concurrent reads of a note', async () => {
    const held = holdRequests();
    const store = makeStore({ cacheEntries: 0 });
    const reads = Array.from({ length: 100 }, () => store.getSharedNote(ID));
    await held.arrived;
    held.release();
    const notes = await Promise.all(reads);
    expect(new Set(notes.map((n) => JSON.stringify(n))).size).toBe(1);
    expect(upstream.requests).toHaveLength(1);
    upstream.handle(echo);
    await store.getSharedNote(ID);
    expect(upstream.requests).toHaveLength(2);
  });

  it('reuses one keep-alive connection for sequential calls', async () => {
    upstream.handle(echo);
    const store = makeStore({ cacheEntries: 0 });
    for (let i = 0; i < 20; i += 1) await store.getSharedNote(idN(i));
    expect(upstream.requests).toHaveLength(20);
    expect(upstream.connections).toBe(1);
    expect(store.agent).toMatchObject({ keepAlive: true, maxSockets: 50 });
  });

  it('never opens more sockets than the pool allows', async () => {
    upstream.handle(echo);
    const store = makeStore({ cacheEntries: 0, agent: new Agent({ keepAlive: true, maxSockets: 2 }) });
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.getSharedNote(idN(i))));
    expect(upstream.requests).toHaveLength(30);
    expect(upstream.connections).toBeLessThanOrEqual(2);
  });
});

describe('HttpNoteStore: cache', () => {
  it('serves notes and notebook pages from cache until the TTL ends', async () => {
    upstream.handle(echo);
    const store = makeStore();
    await store.getSharedNote(ID);
    await store.getPublicNotebook(ID, 1, 20);
    clock += 999;
    expect(await store.getSharedNote(ID)).toEqual(note());
    expect(await store.getPublicNotebook(ID, 1, 20)).toEqual(notebook(ID, 1));
    expect(upstream.requests).toHaveLength(2);
    clock += 1;
    await store.getSharedNote(ID);
    await store.getPublicNotebook(ID, 1, 20);
    expect(upstream.requests).toHaveLength(4);
  });

  it('is a bounded LRU: the least recently used entry goes first', async () => {
    upstream.handle(echo);
    const store = makeStore({ cacheEntries: 2 });
    for (const n of [1, 2, 1, 3]) await store.getSharedNote(idN(n));
    expect(upstream.requests).toHaveLength(3);
    await store.getSharedNote(idN(1));
    expect(upstream.requests).toHaveLength(3);
    await store.getSharedNote(idN(2));
    expect(upstream.requests).toHaveLength(4);
  });

  it('serves a stale copy when the service fails within the stale window, and 503s beyond it', async () => {
    upstream.handle(echo);
    const store = makeStore({ retry: { attempts: 1 } });
    await store.getSharedNote(ID);
    upstream.handle((_, res) => void res.writeHead(503).end());
    clock += 9_999;
    expect(await store.getSharedNote(ID)).toEqual(note());
    expect(logger.lines).toContain('warn note service failed; serving a stale copy');
    clock += 1;
    await expect(store.getSharedNote(ID)).rejects.toBeInstanceOf(NoteStoreUnavailableError);
  });

  it('invalidate() drops the note and its notebook pages, and nothing else', async () => {
    upstream.handle(echo);
    const store = makeStore();
    const other = idN(1);
    for (const id of [ID, other]) {
      await store.getSharedNote(id);
      await store.getPublicNotebook(id, 2, 20);
    }
    store.invalidate(ID);
    for (const id of [ID, other]) {
      await store.getSharedNote(id);
      await store.getPublicNotebook(id, 2, 20);
    }
    expect(upstream.requests).toHaveLength(6);
  });

  it('does not cache an answer that was in flight when invalidate() came', async () => {
    const held = holdRequests();
    const store = makeStore();
    const read = store.getSharedNote(ID);
    store.invalidate(ID);
    await held.arrived;
    upstream.handle(echo);
    held.release();
    await read;
    await store.getSharedNote(ID);
    expect(upstream.requests).toHaveLength(2);
  });
});
