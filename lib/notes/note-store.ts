import type { NoteSummary, Page, ResourceBlob, SharedNote } from './types';

/**
 * The read side every page uses. Absence is `null` (the page answers 404); a store that cannot
 * answer throws NoteStoreUnavailableError (the page answers 503).
 */
export interface NoteStore {
  /** A note by share id, including revoked shares (state `revoked`) so pages can answer 410. */
  getSharedNote(shareId: string): Promise<SharedNote | null>;
  /**
   * A resource's bytes, only if it belongs to a note shared under `shareId` and that share is
   * live: resource hashes are public in the page, so they must not unlock other notes' files.
   */
  getResource(shareId: string, hash: string): Promise<ResourceBlob | null>;
  /** Indexable notes, most recently updated first, for the home page and sitemaps. */
  listIndexableNotes(cursor: string | null, limit: number): Promise<Page<NoteSummary>>;
}

export class NoteStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NoteStoreUnavailableError';
  }
}
