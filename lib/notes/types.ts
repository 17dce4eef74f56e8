/** Domain types of the publishing layer. Pure data: no I/O, no framework imports. */

export type ShareState = 'link-only' | 'indexable' | 'revoked';

export interface ResourceMeta {
  /** Lowercase hex MD5 of the bytes, as `<en-media hash>` refers to it. */
  hash: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  fileName: string | null;
}

export interface ResourceBlob extends ResourceMeta {
  data: Buffer;
}

export interface SharedNote {
  shareId: string;
  state: ShareState;
  title: string;
  enml: string;
  /** ISO-8601 timestamps; null when the export had none or an invalid one. */
  created: string | null;
  updated: string | null;
  /** Only present when the author opted in to being named on the public page. */
  authorName: string | null;
  notebook: string | null;
  /** The public notebook this note is listed in, if its notebook is shared and lists it. */
  notebookShareId: string | null;
  tags: string[];
  lang: string;
  resources: ResourceMeta[];
  /**
   * Changes whenever anything on the public page changes (content, share state and settings, the
   * notebook listing it links to); with the build it makes the page version (lib/notes/page-version.ts).
   */
  version: string;
  /**
   * When any of those last changed (ISO-8601): moves forward on every edit, publication, settings
   * change, notebook (re-)share and revocation. Null when the store cannot tell (the page then uses
   * `updated`, or `created`).
   */
  changedAt: string | null;
}

/** What a share's validators (ETag, Last-Modified) need, without the content. */
export type ShareVersion = Pick<SharedNote, 'shareId' | 'state' | 'version' | 'created' | 'updated' | 'changedAt'>;

export interface NoteSummary {
  shareId: string;
  title: string;
  updated: string | null;
  notebook: string | null;
  lang: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One `<url>` of a sitemap shard. */
export interface SitemapEntry {
  shareId: string;
  title: string;
  lastModified: string | null;
  /** Hashes of the note's first inline images, for `image:image`. */
  imageHashes: string[];
}

export interface SitemapShard {
  shard: number;
  lastModified: string | null;
}

/** A shared notebook: a public listing of the notebook's shared notes. */
export interface PublicNotebook {
  shareId: string;
  /** `indexable` notebooks list indexable notes; `link-only` ones also list link-only notes. */
  state: ShareState;
  name: string;
  /** Latest update among the listed notes (or the share's own change). */
  updated: string | null;
  noteCount: number;
  /**
   * The latest change of the notebook's share or of any share of a note in it, revoked ones
   * included: it moves whenever the listing changes and never moves back (a feed's <updated> floor).
   * Null when the note service does not send it (older services).
   */
  changedAt: string | null;
  /** Changes whenever the listing changes; usable as an ETag. */
  version: string;
}

/** One numbered page of the indexable notes, newest first (`/explore?page=N`). `pageCount` is at least 1. */
export interface NotesPage {
  notes: NoteSummary[];
  page: number;
  pageCount: number;
  total: number;
}

/** One page of a public notebook, newest first. Pages are 1-based; `pageCount` is at least 1. */
export interface NotebookPage {
  notebook: PublicNotebook;
  notes: NoteSummary[];
  page: number;
  pageCount: number;
}

/** One note found by a notebook search: its listing entry and an excerpt of its text around the match. */
export interface NotebookSearchHit extends NoteSummary {
  /** Plain text (never markup), at most a couple of hundred characters. */
  snippet: string;
}

/**
 * One page of a search inside a public notebook, best matches first. Finds only what the notebook
 * lists (see PublicNotebook.state); a revoked notebook finds nothing. `total` is capped (see
 * MAX_SEARCH_RESULTS), and `pageCount` is at least 1.
 */
export interface NotebookSearchPage {
  notebook: PublicNotebook;
  query: string;
  hits: NotebookSearchHit[];
  total: number;
  page: number;
  pageCount: number;
}

/** One entry of the note service's change feed: the public page of `shareId` changed. */
export interface ShareChange {
  seq: number;
  shareId: string;
}

/**
 * A page of the change feed (GET /v1/changes): what changed after a sequence number. Readers that
 * keep copies of notes poll it to know those copies are still current (lib/notes/adapters/http/change-watch.ts).
 */
export interface ChangeFeed {
  /** Identifies the log; another id means another database: every cached copy must go. */
  logId: string;
  /** The latest sequence number (0 before the first change). */
  head: number;
  /** Changes after the requested sequence number, ascending, at most the requested limit. */
  changes: ShareChange[];
  /** The requested position is not in this log (pruned, or beyond its head): forget every cached copy. */
  reset: boolean;
}
