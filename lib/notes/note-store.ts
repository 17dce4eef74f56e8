import type { NotebookPage, NotebookSearchPage, NoteSummary, Page, ShareVersion, ResourceBlob, SharedNote, SitemapEntry, SitemapShard, NotesPage, PublicNotebook, ChangeFeed } from './types';

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
  /**
   * Indexable notes, newest first, as numbered pages: `/explore?page=N` must be a stable,
   * crawlable URL. A page past the end has no notes.
   */
  getIndexableNotesPage(page: number, pageSize: number): Promise<NotesPage>;
  /** Live indexable public notebooks (sitemaps, feeds, /explore), most recently updated first, at most `limit`. */
  listIndexableNotebooks(limit: number): Promise<PublicNotebook[]>;
  /**
   * Sitemap shards: indexable notes in publication order, `shardSize` share slots per shard, so a
   * note stays in the same shard for life and crawlers see stable files. Only non-empty shards.
   */
  getSitemapShards(shardSize: number): Promise<SitemapShard[]>;
  /** The entries of one shard, streamed (a shard is read row by row, never held whole). */
  streamSitemapShard(shard: number, shardSize: number): AsyncIterable<SitemapEntry>;
  /**
   * One page of a public notebook, newest first, including revoked notebooks (state `revoked`, no
   * notes) so pages can answer 410. Numbered pages rather than cursors: `?page=N` must be a stable,
   * crawlable URL. A page past the end has no notes (the page answers 404).
   */
  getPublicNotebook(notebookShareId: string, page: number, pageSize: number): Promise<NotebookPage | null>;
  /**
   * Notes of a public notebook whose title or text contains every word of `query` (Chinese words
   * included), best first, in numbered pages; only notes the notebook lists, never revoked ones.
   * Null for an unknown notebook; a revoked notebook finds nothing. `query` is at most
   * MAX_QUERY_CHARS characters (lib/notes/search/search-terms.ts); callers normalise it first.
   */
  searchNotebook(notebookShareId: string, query: string, page: number, pageSize: number): Promise<NotebookSearchPage | null>;
  /**
   * Only the version fields of a share (optional): the note fast path asks on every repeat request,
   * and an adapter that can answer without reading the content makes that cheaper. An adapter that
   * has the answer at hand (the embedded store) may return it synchronously: a 304 costs less than
   * the promises around it would. Failures throw (or reject with) NoteStoreUnavailableError.
   */
  getShareVersion?(shareId: string): ShareVersion | null | Promise<ShareVersion | null>;
  /**
   * The change feed after sequence number `after` (null: just the head, to start from). Optional: the
   * stores the note service runs on have it; the function's adapters read it, they do not serve it.
   */
  getChanges?(after: number | null, limit: number): Promise<ChangeFeed>;
  /** Forget anything cached about this share (note or notebook): called when the note service says it changed. */
  invalidate?(shareId: string): void;
}

const UNAVAILABLE = Symbol.for('note-publisher.note-store-unavailable');

export class NoteStoreUnavailableError extends Error {
  readonly [UNAVAILABLE] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NoteStoreUnavailableError';
  }

  /**
   * Next gives every route bundle its own copy of this class, while the store (and so the errors it
   * throws) is shared by the whole process (get-note-store.ts): recognise an instance of any copy.
   * Subclasses keep the ordinary prototype check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== NoteStoreUnavailableError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [UNAVAILABLE]?: unknown })[UNAVAILABLE] === true;
  }
}
