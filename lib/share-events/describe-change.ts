import type { SharedNote } from '../notes/types';
import type { NotebookShareEvent, NoteShareEvent } from './share-event';

/**
 * Share events from what a store said before and after a change, for whoever makes the change and
 * must purge what it made wrong (the publishing CLI; a note service building its webhook deliveries).
 * Everything the old page referenced is named too: after a revocation the store no longer serves
 * the resources, and the old title's URL and the old card are cached under their own names.
 */

export interface NotePlace {
  /** The share's slot in sitemap order (needed when it is or was indexable). */
  sitemapSlot?: number;
  /** Notes listed by its public notebook, the larger of before and after. */
  notebookNoteCount?: number;
}

export function noteChangeEvent(before: SharedNote | null, after: SharedNote, place: NotePlace = {}): NoteShareEvent {
  const type = after.state === 'revoked' ? 'note.revoked' : before && before.state !== 'revoked' ? 'note.updated' : 'note.published';
  const hashes = new Set([...(before?.resources ?? []), ...after.resources].map((r) => r.hash));
  const notebookShareId = after.notebookShareId ?? before?.notebookShareId ?? undefined;
  return {
    type,
    shareId: after.shareId,
    title: after.title,
    previousTitle: before && before.title !== after.title ? before.title : undefined,
    version: after.version,
    previousVersion: before && before.version !== after.version ? before.version : undefined,
    resourceHashes: [...hashes],
    indexable: after.state === 'indexable' || before?.state === 'indexable',
    sitemapSlot: place.sitemapSlot,
    notebookShareId,
    notebookNoteCount: notebookShareId ? place.notebookNoteCount : undefined,
  };
}

export function notebookChangeEvent(type: NotebookShareEvent['type'], shareId: string, noteCount: number, indexable: boolean): NotebookShareEvent {
  return { type, shareId, noteCount, indexable };
}
