import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../test/memory-store';
import type { EnexNote } from '../../enex/types';
import { NoteStoreUnavailableError } from '../note-store';

function note(title: string, updated: string): EnexNote {
  return { title, enml: `<en-note><div>${title}</div></en-note>`, created: updated, updated, tags: [], author: null, sourceUrl: null, resources: [] };
}

/** A notebook "NB" with five notes: three indexable, one link-only, one private, plus one revoked. */
function fixture() {
  const { store, writer } = memoryStore();
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'].map((t, i) => writer.importNote(note(t, `2026-01-0${i + 1}T00:00:00.000Z`), 'NB').noteId);
  const [a, b, c, d, , f] = ids as [string, string, string, string, string, string];
  for (const id of [a, b, c]) writer.publish(id, { indexable: true });
  writer.publish(d, { indexable: false });
  writer.publish(f, { indexable: true });
  writer.unpublish(f);
  writer.importNote(note('elsewhere', '2026-02-01T00:00:00.000Z'), 'Other');
  return { store, writer, ids };
}

describe('public notebooks', () => {
  it('lists indexable notes newest first, in numbered pages', async () => {
    const { store, writer } = fixture();
    const shareId = writer.publishNotebook('NB', { indexable: true }) as string;
    const first = await store.getPublicNotebook(shareId, 1, 2);
    expect(first?.notebook).toMatchObject({ shareId, state: 'indexable', name: 'NB', noteCount: 3, updated: '2026-01-03T00:00:00.000Z' });
    expect(first?.notes.map((n) => n.title)).toEqual(['c', 'b']);
    expect(first?.pageCount).toBe(2);
    const second = await store.getPublicNotebook(shareId, 2, 2);
    expect(second?.notes.map((n) => n.title)).toEqual(['a']);
    expect((await store.getPublicNotebook(shareId, 3, 2))?.notes).toEqual([]);
  });

  it('changedAt follows every share in the notebook, revoked ones included, never another notebook\'s, and never moves back', async () => {
    const { store, writer, ids } = fixture();
    const at = (day: number) => new Date(`2030-01-0${day}T00:00:00.000Z`);
    const nb = writer.publishNotebook('NB', { indexable: true }, at(1)) as string;
    const changedAt = async () => (await store.getPublicNotebook(nb, 1, 10))?.notebook.changedAt;
    expect(await changedAt()).toBe(at(1).toISOString());
    writer.unpublish(ids[2] as string, at(2));
    expect(await changedAt()).toBe(at(2).toISOString());
    writer.publish(writer.noteIdsByTitle('elsewhere')[0] as string, { indexable: true }, at(3));
    expect(await changedAt()).toBe(at(2).toISOString());
    // A write stamped earlier than the notebook's latest change does not move it back.
    writer.publish(ids[4] as string, { indexable: true }, at(1));
    expect(await changedAt()).toBe(at(2).toISOString());
    writer.publish(ids[2] as string, { indexable: true }, at(4));
    expect(await changedAt()).toBe(at(4).toISOString());
  });

  it('a link-only notebook also lists link-only notes, never private or revoked ones', async () => {
    const { store, writer } = fixture();
    const shareId = writer.publishNotebook('NB', { indexable: false }) as string;
    const page = await store.getPublicNotebook(shareId, 1, 10);
    expect(page?.notes.map((n) => n.title)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('links a note to its notebook only when the notebook lists it', async () => {
    const { store, writer, ids } = fixture();
    const nb = writer.publishNotebook('NB', { indexable: true }) as string;
    const shared = writer.publish(ids[0] as string, { indexable: true }) as string;
    const linkOnly = writer.publish(ids[3] as string, { indexable: false }) as string;
    expect((await store.getSharedNote(shared))?.notebookShareId).toBe(nb);
    expect((await store.getSharedNote(linkOnly))?.notebookShareId).toBeNull();
  });

  it('an indexable note never links a link-only notebook (which lists link-only notes); a link-only note does', async () => {
    const { store, writer, ids } = fixture();
    const nb = writer.publishNotebook('NB', { indexable: false }) as string;
    const indexable = writer.publish(ids[0] as string, { indexable: true }) as string;
    const linkOnly = writer.publish(ids[3] as string, { indexable: false }) as string;
    expect((await store.getSharedNote(indexable))?.notebookShareId).toBeNull();
    expect((await store.getSharedNote(linkOnly))?.notebookShareId).toBe(nb);
  });

  it('version changes when the listing changes; revoked notebooks stay known (410) with no notes', async () => {
    const { store, writer, ids } = fixture();
    const shareId = writer.publishNotebook('NB', { indexable: true }) as string;
    const before = (await store.getPublicNotebook(shareId, 1, 10))?.notebook.version;
    writer.unpublish(ids[0] as string);
    const after = await store.getPublicNotebook(shareId, 1, 10);
    expect(after?.notebook.version).not.toBe(before);
    expect(after?.notebook.noteCount).toBe(2);
    expect(writer.unpublishNotebook('NB')).toBe(shareId);
    expect(await store.getPublicNotebook(shareId, 1, 10)).toMatchObject({ notebook: { state: 'revoked', noteCount: 0 }, notes: [] });
    const again = writer.publishNotebook('NB', { indexable: true });
    expect(again).not.toBe(shareId);
    expect(await store.getPublicNotebook('nope', 1, 10)).toBeNull();
    expect(writer.publishNotebook('missing', { indexable: true })).toBeNull();
  });
});

describe('share versions', () => {
  it('match the full note, without reading its content', async () => {
    const { store, writer } = fixture();
    const noteId = writer.listNotes().find((n) => n.state === 'indexable')?.noteId as string;
    const shareId = writer.publish(noteId, { indexable: true }) as string;
    const full = await store.getSharedNote(shareId);
    expect(store.getShareVersion(shareId)).toEqual({ shareId, state: full?.state, version: full?.version, created: full?.created, updated: full?.updated, changedAt: full?.changedAt });
    writer.unpublish(noteId);
    expect(store.getShareVersion(shareId)).toMatchObject({ state: 'revoked', version: (await store.getSharedNote(shareId))?.version });
    expect(store.getShareVersion('AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
  });

  it('a failing database is the store being unavailable (the page answers 503), thrown synchronously', () => {
    const { store } = fixture();
    store.close();
    expect(() => store.getShareVersion('AAAAAAAAAAAAAAAAAAAAAA')).toThrow(NoteStoreUnavailableError);
  });
});

describe('what a note page shows moves its version and change time', () => {
  /** Each change is one writer call at a later clock (the fixture was written now); `moves`: the note page changed. */
  const at = (minute: number): Date => new Date(Date.UTC(2090, 5, 1, 0, minute));
  it.each([
    ['the notebook published (the page gains its link)', true, (w: ReturnType<typeof fixture>['writer']) => w.publishNotebook('NB', { indexable: true }, at(1))],
    ['the author shown', true, (w: ReturnType<typeof fixture>['writer'], id: string) => w.publish(id, { indexable: true, showAuthor: true }, at(1))],
    ['made link-only', true, (w: ReturnType<typeof fixture>['writer'], id: string) => w.publish(id, { indexable: false }, at(1))],
    ['revoked', true, (w: ReturnType<typeof fixture>['writer'], id: string) => w.unpublish(id, at(1))],
    ['another notebook published', false, (w: ReturnType<typeof fixture>['writer']) => w.publishNotebook('Other', { indexable: true }, at(1))],
  ])('%s', (_, moves, change) => {
    const { store, writer, ids } = fixture();
    const shareId = writer.listNotes().find((n) => n.noteId === ids[0])?.shareId as string;
    const before = store.getShareVersion(shareId);
    change(writer, ids[0] as string);
    const after = store.getShareVersion(shareId);
    expect(after?.version !== before?.version, 'version').toBe(moves);
    if (moves) expect(after?.changedAt).toBe(at(1).toISOString());
  });

  it('a notebook re-shared under a new id (the old link would 410) moves the version of every note it lists', () => {
    const { store, writer, ids } = fixture();
    writer.publishNotebook('NB', { indexable: true }, at(1));
    const shareId = writer.listNotes().find((n) => n.noteId === ids[1])?.shareId as string;
    const before = store.getShareVersion(shareId);
    writer.unpublishNotebook('NB', at(2));
    writer.publishNotebook('NB', { indexable: true }, at(3));
    const after = store.getShareVersion(shareId);
    expect(after?.version).not.toBe(before?.version);
    expect(after?.changedAt).toBe(at(3).toISOString());
  });

  it('sitemap lastmod never moves backwards: revoking the newest note and publishing an old one both move it forward', async () => {
    const { store, writer, ids } = fixture();
    const lastmod = async (): Promise<string> => (await store.getSitemapShards(1000))[0]?.lastModified ?? '';
    const first = await lastmod();
    writer.unpublish(ids[2] as string, at(10));
    const afterRevoke = await lastmod();
    expect(afterRevoke > first).toBe(true);
    expect(afterRevoke).toBe(at(10).toISOString());
    writer.publish(ids[4] as string, { indexable: true }, at(20));
    expect(await lastmod()).toBe(at(20).toISOString());
  });
});
