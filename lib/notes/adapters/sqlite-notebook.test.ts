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
    expect(store.getShareVersion(shareId)).toEqual({ shareId, state: full?.state, version: full?.version, created: full?.created, updated: full?.updated });
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
