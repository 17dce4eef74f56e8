import { describe, expect, it } from 'vitest';
import type { SharedNote } from '../notes/types';
import { noteChangeEvent } from './describe-change';
import { parseShareEvents } from './share-event';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const NB = 'BBBBBBBBBBBBBBBBBBBBBB';
const res = (hash: string) => ({ hash, mime: 'image/png', size: 1, width: 1, height: 1, fileName: null });
const note = (over: Partial<SharedNote> = {}): SharedNote => ({
  shareId: ID, state: 'indexable', title: 'Old', enml: '', created: null, updated: null, authorName: null, notebook: 'NB', notebookShareId: NB,
  tags: [], lang: 'en', resources: [res('a'.repeat(32))], version: '1.1.BBBBBBBB', changedAt: null, ...over,
});

describe('noteChangeEvent', () => {
  it.each([
    ['a new share', null, note(), { type: 'note.published', previousTitle: undefined, previousVersion: undefined }],
    ['an edit: new title, new version, both resource sets', note(), note({ title: 'New', version: '2.1.BBBBBBBB', resources: [res('b'.repeat(32))] }),
      { type: 'note.updated', previousTitle: 'Old', previousVersion: '1.1.BBBBBBBB', resourceHashes: ['a'.repeat(32), 'b'.repeat(32)] }],
    ['a revocation: the resources the page had, though the store hides them now', note(), note({ state: 'revoked', notebookShareId: null, version: '1.2.0' }),
      { type: 'note.revoked', notebookShareId: NB, indexable: true, resourceHashes: ['a'.repeat(32)] }],
    ['made link-only: still indexable in the event (it was listed)', note(), note({ state: 'link-only', version: '1.2.BBBBBBBB' }), { type: 'note.updated', indexable: true }],
    ['a link-only share revoked: never indexable', note({ state: 'link-only' }), note({ state: 'revoked' }), { type: 'note.revoked', indexable: false }],
  ])('%s', (_, before, after, expected) => {
    const event = noteChangeEvent(before, after, { sitemapSlot: 3, notebookNoteCount: 4 });
    expect(event).toMatchObject(expected);
    // Whatever it builds, the webhook's own parser accepts.
    expect(parseShareEvents(JSON.parse(JSON.stringify({ events: [event] })))).toMatchObject({ ok: true });
  });
});
