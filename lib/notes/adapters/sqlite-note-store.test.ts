import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../test/memory-store';
import type { EnexNote } from '../../enex/types';
import { openDatabase } from './sqlite-note-store';
import { SCHEMA_VERSION } from './sqlite/migrations';

const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

function note(title: string, overrides: Partial<EnexNote> = {}): EnexNote {
  return { title, enml: `<en-note><div>${title}</div></en-note>`, created: '2026-01-01T00:00:00.000Z', updated: null, tags: ['t1', 't2'], author: 'Ann', sourceUrl: null, resources: [], ...overrides };
}

describe('SqliteNoteStore', () => {
  it('migrates a new database to the current schema version', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('share lifecycle: link-only -> indexable -> revoked (410) -> republished under a new id', async () => {
    const { store, writer } = memoryStore();
    const { noteId } = writer.importNote(note('Hello'), 'NB');
    const shareId = writer.publish(noteId, { indexable: false }) as string;
    expect(shareId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const first = await store.getSharedNote(shareId);
    expect(first).toMatchObject({ state: 'link-only', title: 'Hello', notebook: 'NB', tags: ['t1', 't2'], authorName: null });
    expect(writer.publish(noteId, { indexable: true, showAuthor: true })).toBe(shareId);
    const second = await store.getSharedNote(shareId);
    expect(second).toMatchObject({ state: 'indexable', authorName: 'Ann' });
    expect(second?.version).not.toBe(first?.version);
    expect(writer.unpublish(noteId)).toBe(shareId);
    expect((await store.getSharedNote(shareId))?.state).toBe('revoked');
    const again = writer.publish(noteId, { indexable: true });
    expect(again).not.toBe(shareId);
    expect((await store.getSharedNote(shareId))?.state).toBe('revoked');
  });

  it('reads names without the code points pages must not carry (rows written before the importer dropped them)', async () => {
    const { store, writer } = memoryStore();
    const dirty = (word: string): string => `${word}\u0085\u007f\ufffe`;
    const { noteId } = writer.importNote(note(dirty('T'), { tags: [dirty('g')], author: dirty('A') }), dirty('NB'));
    const shareId = writer.publish(noteId, { indexable: true, showAuthor: true }) as string;
    expect(await store.getSharedNote(shareId)).toMatchObject({ title: 'T', notebook: 'NB', tags: ['g'], authorName: 'A' });
    expect((await store.listIndexableNotes(null, 10)).items[0]).toMatchObject({ title: 'T', notebook: 'NB' });
  });

  it('re-importing the same note is a no-op', () => {
    const { writer } = memoryStore();
    const a = writer.importNote(note('Same'), 'NB');
    const b = writer.importNote(note('Same'), 'NB');
    expect(b).toEqual({ status: 'unchanged', noteId: a.noteId });
  });

  it('serves a resource only through a live share of a note that has it', async () => {
    const { store, writer } = memoryStore();
    const hash = md5(PNG_1x1);
    const withImage = writer.importNote(note('img', { resources: [{ hash, data: PNG_1x1, mime: 'image/png', width: null, height: null, fileName: 'a.png', sourceUrl: null }] }), 'NB');
    const other = writer.importNote(note('other'), 'NB');
    const shareA = writer.publish(withImage.noteId, { indexable: true }) as string;
    const shareB = writer.publish(other.noteId, { indexable: true }) as string;
    expect(await store.getResource(shareA, hash)).toMatchObject({ mime: 'image/png', width: 1, height: 1, size: PNG_1x1.length, fileName: 'a.png' });
    expect(await store.getResource(shareB, hash)).toBeNull();
    writer.unpublish(withImage.noteId);
    expect(await store.getResource(shareA, hash)).toBeNull();
  });

  it('does not trust a declared image type the bytes do not match', async () => {
    const { store, writer } = memoryStore();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    const { noteId } = writer.importNote(note('svg', { resources: [{ hash: md5(svg), data: svg, mime: 'image/png', width: 10, height: 10, fileName: 'x.png', sourceUrl: null }] }), 'NB');
    const shareId = writer.publish(noteId, { indexable: true }) as string;
    expect(await store.getResource(shareId, md5(svg))).toMatchObject({ width: null, height: null });
  });

  it('lists only indexable notes, newest first, with a working cursor', async () => {
    const { store, writer } = memoryStore();
    for (let i = 0; i < 5; i += 1) {
      const { noteId } = writer.importNote(note(`n${i}`, { updated: `2026-01-0${i + 1}T00:00:00.000Z` }), 'NB');
      writer.publish(noteId, { indexable: i !== 2 });
    }
    const first = await store.listIndexableNotes(null, 2);
    expect(first.items.map((n) => n.title)).toEqual(['n4', 'n3']);
    const second = await store.listIndexableNotes(first.nextCursor, 2);
    expect(second.items.map((n) => n.title)).toEqual(['n1', 'n0']);
    expect(second.nextCursor).toBeNull();
    expect((await store.listIndexableNotes('garbage', 10)).items).toHaveLength(4);
  });

  it('reports a broken database as unavailable, not as a missing note', async () => {
    const { store } = memoryStore();
    store.close();
    await expect(store.getSharedNote('x'.repeat(22))).rejects.toThrow(/unavailable|failed/);
  });
});
