import { afterEach, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../test/fake-upstream';
import { memoryStore } from '../../../test/memory-store';
import { startNoteService, type RunningNoteService } from '../note-service/start-note-service';
import { NoteStoreUnavailableError } from '../note-store';
import { seedContractFixture, type ContractFixture } from './contract-fixture';
import { HttpNoteStore } from './http-note-store';
import type { SqliteNoteStore } from './sqlite-note-store';
import type { SqliteNoteWriter } from './sqlite/note-writer';

/**
 * The change feed end to end: the embedded store records changes (triggers), the reference service
 * serves them, the production adapter reads them. The adapter's clock is moved by hand, so "the
 * bound has passed" is a fact of the test, not a sleep.
 */

const BOUND_MS = 500;
let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function setup(): Promise<{ sqlite: SqliteNoteStore; writer: SqliteNoteWriter; f: ContractFixture; service: RunningNoteService; http: HttpNoteStore; tick: (ms: number) => void; calls: () => string[] }> {
  const { store: sqlite, writer } = memoryStore();
  const f = seedContractFixture(writer);
  const calls: string[] = [];
  const service = await startNoteService({ store: sqlite, port: 0, logger: { info: (_m: string, fields?: Record<string, unknown>) => void calls.push(String(fields?.path)), warn: () => undefined, error: () => undefined } });
  let now = 1_000_000;
  const http = new HttpNoteStore({
    baseUrl: service.url, timeoutMs: 1000, cacheTtlMs: 60_000, staleTtlMs: 600_000, cacheEntries: 100, maxResourceBytes: 4_400_000,
    changeBoundMs: BOUND_MS, now: () => now, logger: recordingLogger(), retry: { attempts: 1 },
  });
  cleanup.push(() => http.agent.destroy(), () => service.close(), () => sqlite.close());
  return { sqlite, writer, f, service, http, tick: (ms) => (now += ms), calls: () => calls };
}

/** Reads a note and gets the adapter's first confirmation from the feed, as a warm instance has. */
async function warm(http: HttpNoteStore, shareId: string): Promise<void> {
  await http.getSharedNote(shareId);
  await http.getShareVersion(shareId);
}

const noteIdOf = (writer: SqliteNoteWriter, shareId: string): string => writer.listNotes().find((n) => n.shareId === shareId)?.noteId as string;

describe('the embedded store\'s change feed', () => {
  it('records every write that changes a public page, notebook shares with every note they list', async () => {
    const { sqlite, writer, f } = await setup();
    const start = await sqlite.getChanges(null, 100);
    writer.unpublish(noteIdOf(writer, f.pictures));
    writer.publish(noteIdOf(writer, f.linkOnly), { indexable: true });
    writer.unpublishNotebook('Travel');
    const { changes } = await sqlite.getChanges(start.head, 100);
    const ids = changes.map((c) => c.shareId);
    // The revocation: the note's page and the listing of its notebook.
    expect(ids.slice(0, 2)).toEqual([f.pictures, f.notebook]);
    expect(ids).toContain(f.linkOnly);
    // The notebook's revocation: its own page and every note page that linked to it.
    expect(ids.slice(ids.lastIndexOf(f.notebook))).toEqual(expect.arrayContaining([f.notebook, ...f.notebookNotes]));
    expect(changes.map((c) => c.seq)).toEqual([...changes.map((c) => c.seq)].sort((a, b) => a - b));
  });

  it.each([
    ['a position beyond the head (another database)', (head: number) => head + 5],
    ['a position older than the log keeps', () => 0],
  ])('answers reset for %s', async (_, position) => {
    const { sqlite, writer, f } = await setup();
    const { head } = await sqlite.getChanges(null, 1);
    writer.unpublish(noteIdOf(writer, f.pictures));
    sqlite.db.prepare('DELETE FROM share_changes WHERE seq <= ?').run(head);
    expect(await sqlite.getChanges(position(head), 10)).toMatchObject({ reset: true, changes: [] });
    const after = await sqlite.getChanges(head, 10);
    expect(after.reset).toBe(false);
    expect(after.changes[0]?.shareId).toBe(f.pictures);
  });
});

describe('HttpNoteStore with the change feed', () => {
  it('a revocation reaches a warm instance once the bound has passed since its last read, without a webhook', async () => {
    const { writer, f, http, tick } = await setup();
    expect((await http.getSharedNote(f.pictures))?.state).toBe('indexable');
    writer.unpublish(noteIdOf(writer, f.pictures));
    tick(BOUND_MS);
    expect((await http.getSharedNote(f.pictures))?.state).toBe('revoked');
    expect(await http.getShareVersion(f.pictures)).toMatchObject({ state: 'revoked' });
  });

  it('a busy instance answers from its cache synchronously and reads the feed once per half bound, not per request', async () => {
    const { f, http, tick, calls } = await setup();
    await warm(http, f.pictures);
    const before = calls().length;
    for (let i = 0; i < 100; i += 1) expect(http.getShareVersion(f.pictures)).toMatchObject({ shareId: f.pictures });
    expect(calls().length).toBe(before);
    tick(BOUND_MS / 2);
    for (let i = 0; i < 100; i += 1) expect(http.getShareVersion(f.pictures)).toMatchObject({ shareId: f.pictures });
    await new Promise((resolve) => setImmediate(resolve));
    await (http as unknown as { watch: { check(): Promise<void> } }).watch.check();
    expect(calls().slice(before).filter((p) => p.startsWith('/v1/changes')).length).toBeLessThanOrEqual(2);
    expect(calls().slice(before).filter((p) => p.startsWith('/v1/shares'))).toEqual([]);
  });

  it('a feed read sent before the instance froze does not vouch for its cache when it completes after the bound', async () => {
    const { f, http, tick, calls } = await setup();
    await warm(http, f.pictures);
    const feedReads = () => calls().filter((p) => p.startsWith('/v1/changes')).length;
    const before = feedReads();
    tick(BOUND_MS);
    const watch = (http as unknown as { watch: { check(): Promise<void> } }).watch;
    const inFlight = watch.check();
    // Frozen while that read was in flight: its answer may predate a revocation made meanwhile.
    tick(3 * BOUND_MS);
    const note = http.getSharedNote(f.pictures);
    await inFlight;
    expect((await note)?.state).toBe('indexable');
    // The read in flight, then one sent after the thaw: only that one vouches for the copy.
    expect(feedReads() - before).toBe(2);
  });

  it('outage rule: a cached note is served while its last confirmation is within the bound, then 503, never a revoked page', async () => {
    const { writer, f, http, tick, service } = await setup();
    await warm(http, f.pictures);
    writer.unpublish(noteIdOf(writer, f.pictures));
    await service.close();
    // Within the bound: the copy was vouched for less than the bound ago (the revocation is younger than that).
    tick(BOUND_MS - 1);
    expect((await http.getSharedNote(f.pictures))?.state).toBe('indexable');
    tick(1);
    await expect(http.getSharedNote(f.pictures)).rejects.toBeInstanceOf(NoteStoreUnavailableError);
    await expect(Promise.resolve().then(() => http.getShareVersion(f.pictures))).rejects.toBeInstanceOf(NoteStoreUnavailableError);
  });

  it('answers the new version of an edited share (settings change) after the bound', async () => {
    const { writer, f, http, tick } = await setup();
    const before = await http.getSharedNote(f.pictures);
    writer.publish(noteIdOf(writer, f.pictures), { indexable: false });
    tick(BOUND_MS);
    const after = await http.getSharedNote(f.pictures);
    expect(after?.state).toBe('link-only');
    expect(after?.version).not.toBe(before?.version);
  });
});
