import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { NoteStoreUnavailableError, type NoteStore } from '../note-store';
import type { NotebookPage, NotebookSearchPage, NoteSummary, Page, ShareVersion, ResourceBlob, SharedNote, SitemapEntry, SitemapShard, NotesPage, PublicNotebook, ChangeFeed } from '../types';
import { migrate } from './sqlite/migrations';
import { MAX_SEARCH_RESULTS, NotebookSearch } from './sqlite/search-notebook';
import { WalChangeStamp } from './sqlite/wal-change-stamp';
import { decodeCursor, encodeCursor, shareVersionTag, toPublicNotebook, toResourceMeta, toSharedNote, toSummary, type NotebookRow, type NotebookStatsRow, type ResourceRow, type ShareRow, type SummaryRow } from './sqlite/rows';

/**
 * The public notebook a note page links to: its notebook's live share, if that share lists this note
 * and revealing it gives nothing away: an indexable note never links a link-only notebook.
 */
const NOTEBOOK_SHARE_OF_NOTE = `(SELECT ns.share_id FROM notebook_shares ns
  WHERE ns.notebook_id = n.notebook_id AND ns.state != 'revoked' AND s.state != 'revoked'
    AND ns.state = s.state)`;

/**
 * When anything the note page shows last changed: the content (an edit), the share (publish,
 * settings, revoke) or its notebook's share (published, re-shared, revoked: the page's notebook
 * link). SQLite's MAX() of several values is NULL if any is, hence the COALESCEs.
 */
const CHANGED_AT = `MAX(COALESCE(n.changed_at, n.imported_at), s.updated_at, COALESCE(n.updated, n.created, ''),
  COALESCE((SELECT MAX(nsc.updated_at) FROM notebook_shares nsc WHERE nsc.notebook_id = n.notebook_id), ''))`;

const SHARE_SQL = `
  SELECT s.share_id, s.state, s.show_author, s.revision AS share_revision, n.id AS note_id, n.title,
         n.enml, n.created, n.updated, n.author, n.lang, n.revision, b.name AS notebook,
         ${NOTEBOOK_SHARE_OF_NOTE} AS notebook_share_id, ${CHANGED_AT} AS changed_at
  FROM shares s JOIN notes n ON n.id = s.note_id LEFT JOIN notebooks b ON b.id = n.notebook_id
  WHERE s.share_id = ?`;

const RESOURCES_SQL = `
  SELECT r.hash, r.mime, r.size, r.width, r.height, nr.file_name
  FROM note_resources nr JOIN resources r ON r.hash = nr.hash
  WHERE nr.note_id = ? ORDER BY nr.position`;

const LIST_SQL = `
  SELECT s.share_id, n.title, n.updated, n.sort_time, n.lang, b.name AS notebook
  FROM shares s JOIN notes n ON n.id = s.note_id LEFT JOIN notebooks b ON b.id = n.notebook_id
  WHERE s.state = 'indexable' AND (? IS NULL OR n.sort_time < ? OR (n.sort_time = ? AND s.share_id > ?))
  ORDER BY n.sort_time DESC, s.share_id ASC LIMIT ?`;

/** Sitemap images: the first three verified raster images of each note (Google reads up to 1,000; crawl budget does not). */
const SHARD_SQL = `
  SELECT s.rowid AS row_id, s.share_id, n.title, ${CHANGED_AT} AS lastmod,
         (SELECT group_concat(hash) FROM (
            SELECT nr.hash FROM note_resources nr JOIN resources r ON r.hash = nr.hash
            WHERE nr.note_id = n.id AND r.width IS NOT NULL
              AND r.mime IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif')
            ORDER BY nr.position LIMIT 3)) AS images
  FROM shares s JOIN notes n ON n.id = s.note_id
  WHERE s.rowid BETWEEN ? AND ? AND s.state = 'indexable'
  ORDER BY s.rowid LIMIT ?`;

/**
 * Rows per query while a shard streams. Each batch is one complete query: an iterator held open
 * across the stream would hold a read transaction on the store's connection, so every other read
 * on it (the note pages' version checks) would see the database as it was when the shard began,
 * and the WAL could not be checkpointed past it, for as long as a slow crawler takes to read.
 */
const SHARD_BATCH = 500;

interface ShardRow { row_id: number; share_id: string; title: string; lastmod: string | null; images: string | null }

/** The version fields of SHARE_SQL only: no content, no tags, no resources (see toSharedNote's version). */
const VERSION_SQL = `
  SELECT s.share_id, s.state, s.revision AS share_revision, n.revision, n.created, n.updated,
         ${NOTEBOOK_SHARE_OF_NOTE} AS notebook_share_id, ${CHANGED_AT} AS changed_at
  FROM shares s JOIN notes n ON n.id = s.note_id WHERE s.share_id = ?`;

/** Bounds the versions kept between commits (about 150 bytes each). */
const MAX_KNOWN_VERSIONS = 10_000;

interface VersionRow {
  share_id: string;
  state: ShareVersion['state'];
  share_revision: number;
  revision: number;
  created: string | null;
  updated: string | null;
  notebook_share_id: string | null;
  changed_at: string | null;
}

const NOTEBOOK_SQL = `
  SELECT ns.share_id, ns.state, ns.revision, ns.updated_at, b.id AS notebook_id, b.name, b.changed_at
  FROM notebook_shares ns JOIN notebooks b ON b.id = ns.notebook_id WHERE ns.share_id = ?`;

/** Which notes a notebook lists: indexable ones, plus link-only ones when the notebook itself is link-only. */
// `s.state != 'revoked'` is implied, and spelled out so the join can use shares_live_note (a partial
// index on that condition): without it SQLite walked every indexable share of the store per notebook.
const LISTED = `n.notebook_id = ? AND s.state != 'revoked' AND (s.state = 'indexable' OR (? = 'link-only' AND s.state = 'link-only'))`;

const NOTEBOOK_STATS_SQL = `
  SELECT COUNT(*) AS count, MAX(COALESCE(n.updated, n.created)) AS updated, MAX(s.updated_at) AS changed,
         TOTAL(n.revision + s.revision) AS revisions
  FROM notes n JOIN shares s ON s.note_id = n.id WHERE ${LISTED}`;

const NOTEBOOK_PAGE_SQL = `
  SELECT s.share_id, n.title, n.updated, n.sort_time, n.lang, b.name AS notebook
  FROM notes n JOIN shares s ON s.note_id = n.id JOIN notebooks b ON b.id = n.notebook_id
  WHERE ${LISTED} ORDER BY n.sort_time DESC, s.share_id ASC LIMIT ? OFFSET ?`;

const INDEXABLE_COUNT_SQL = `SELECT COUNT(*) AS count FROM shares WHERE state = 'indexable'`;

const INDEXABLE_PAGE_SQL = `
  SELECT s.share_id, n.title, n.updated, n.sort_time, n.lang, b.name AS notebook
  FROM shares s JOIN notes n ON n.id = s.note_id LEFT JOIN notebooks b ON b.id = n.notebook_id
  WHERE s.state = 'indexable' ORDER BY n.sort_time DESC, s.share_id ASC LIMIT ? OFFSET ?`;

/** Indexable notebooks with the same statistics NOTEBOOK_STATS_SQL gives one notebook. */
const INDEXABLE_NOTEBOOKS_SQL = `
  SELECT ns.share_id, ns.state, ns.revision, ns.updated_at, b.id AS notebook_id, b.name, b.changed_at,
         COUNT(s.share_id) AS count, MAX(CASE WHEN s.share_id IS NOT NULL THEN COALESCE(n.updated, n.created) END) AS updated,
         MAX(s.updated_at) AS changed, TOTAL(n.revision + s.revision) AS revisions
  FROM notebook_shares ns JOIN notebooks b ON b.id = ns.notebook_id
  LEFT JOIN notes n ON n.notebook_id = b.id
  LEFT JOIN shares s ON s.note_id = n.id AND s.state = 'indexable'
  WHERE ns.state = 'indexable'
  GROUP BY ns.share_id ORDER BY COALESCE(updated, ns.updated_at) DESC, ns.share_id LIMIT ?`;

/** Opens (creating if needed) and migrates a SQLite database file. */
export function openDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // Readers and the CLI may hold the write lock briefly; wait instead of failing a page.
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** The embedded note store: everything in one SQLite file, resources as blobs keyed by MD5. */
export class SqliteNoteStore implements NoteStore {
  // Prepared once: preparing per request showed up as ~2.5% of CPU in a profile of note renders.
  private readonly shareStmt: Database.Statement<[string], ShareRow>;
  private readonly tagsStmt: Database.Statement<[string], { tag: string }>;
  private readonly resourcesStmt: Database.Statement<[string], ResourceRow>;
  private readonly blobStmt: Database.Statement<[string, string], ResourceRow & { data: Buffer }>;
  private readonly listStmt: Database.Statement<unknown[], SummaryRow>;
  private readonly versionStmt: Database.Statement<[string], VersionRow>;
  private readonly notebookStmt: Database.Statement<[string], NotebookRow>;
  private readonly notebookStatsStmt: Database.Statement<[number, string], NotebookStatsRow>;
  private readonly notebookPageStmt: Database.Statement<[number, string, number, number], SummaryRow>;
  /**
   * Share versions read since the last commit to the database (by any connection or process), so a
   * repeat request (a 304, a cached page) needs no SQLite transaction: the version query cost about
   * as much as the rest of a 304 (README "Benchmarks"). Emptied on every commit, so a revocation or
   * an edit from the CLI is seen by the very next request.
   */
  private readonly versions = new Map<string, ShareVersion | null>();
  private readonly changes: WalChangeStamp | null;
  private readonly search: NotebookSearch;

  constructor(readonly db: Database.Database) {
    this.shareStmt = db.prepare<[string], ShareRow>(SHARE_SQL);
    this.tagsStmt = db.prepare<[string], { tag: string }>('SELECT tag FROM note_tags WHERE note_id = ? ORDER BY position');
    this.resourcesStmt = db.prepare<[string], ResourceRow>(RESOURCES_SQL);
    this.blobStmt = db.prepare<[string, string], ResourceRow & { data: Buffer }>(`
        SELECT r.hash, r.mime, r.size, r.width, r.height, r.data, nr.file_name
        FROM shares s JOIN note_resources nr ON nr.note_id = s.note_id JOIN resources r ON r.hash = nr.hash
        WHERE s.share_id = ? AND s.state != 'revoked' AND nr.hash = ?`);
    this.listStmt = db.prepare<unknown[], SummaryRow>(LIST_SQL);
    this.versionStmt = db.prepare<[string], VersionRow>(VERSION_SQL);
    this.notebookStmt = db.prepare<[string], NotebookRow>(NOTEBOOK_SQL);
    this.notebookStatsStmt = db.prepare<[number, string], NotebookStatsRow>(NOTEBOOK_STATS_SQL);
    this.notebookPageStmt = db.prepare<[number, string, number, number], SummaryRow>(NOTEBOOK_PAGE_SQL);
    this.changes = WalChangeStamp.open(db);
    this.search = new NotebookSearch(db);
  }

  getSharedNote(shareId: string): Promise<SharedNote | null> {
    return this.read(() => {
      const row = this.shareStmt.get(shareId);
      if (!row) return null;
      const tags = this.tagsStmt.all(row.note_id);
      const resources = this.resourcesStmt.all(row.note_id);
      return toSharedNote(row, tags.map((t) => t.tag), resources);
    });
  }

  /** Synchronous (see NoteStore.getShareVersion): the note fast path asks on every repeat request. */
  getShareVersion(shareId: string): ShareVersion | null {
    // Read before the query: a commit landing in between empties the map again next time.
    if (this.changes?.check()) {
      const known = this.versions.get(shareId);
      if (known !== undefined) return known;
    } else {
      this.versions.clear();
    }
    let row: VersionRow | undefined;
    try {
      row = this.versionStmt.get(shareId);
    } catch (error) {
      throw new NoteStoreUnavailableError('SQLite note store failed', { cause: error });
    }
    const version = row ? Object.freeze({
      shareId: row.share_id, state: row.state, version: shareVersionTag(row.revision, row.share_revision, row.notebook_share_id),
      created: row.created, updated: row.updated, changedAt: row.changed_at,
    }) : null;
    if (this.changes) {
      if (this.versions.size >= MAX_KNOWN_VERSIONS) this.versions.clear();
      this.versions.set(shareId, version);
    }
    return version;
  }

  getResource(shareId: string, hash: string): Promise<ResourceBlob | null> {
    return this.read(() => {
      const row = this.blobStmt.get(shareId, hash);
      return row ? { ...toResourceMeta(row), data: row.data } : null;
    });
  }

  listIndexableNotes(cursor: string | null, limit: number): Promise<Page<NoteSummary>> {
    return this.read(() => {
      const after = decodeCursor(cursor);
      const rows = this.listStmt
        .all(after?.[0] ?? null, after?.[0] ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items: items.map(toSummary), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
    });
  }

  getIndexableNotesPage(page: number, pageSize: number): Promise<NotesPage> {
    return this.read(() => {
      const { count } = this.db.prepare<[], { count: number }>(INDEXABLE_COUNT_SQL).get() as { count: number };
      const pageCount = Math.max(1, Math.ceil(count / pageSize));
      const notes = page > pageCount ? [] : this.db.prepare<[number, number], SummaryRow>(INDEXABLE_PAGE_SQL).all(pageSize, (page - 1) * pageSize);
      return { notes: notes.map(toSummary), page, pageCount, total: count };
    });
  }

  listIndexableNotebooks(limit: number): Promise<PublicNotebook[]> {
    return this.read(() => this.db.prepare<[number], NotebookRow & NotebookStatsRow>(INDEXABLE_NOTEBOOKS_SQL).all(limit)
      // COUNT counts only rows with an indexable share; the statistics ignore the LEFT JOIN's empty rows.
      .map((row) => toPublicNotebook(row, row.count === 0 ? { count: 0, updated: null, changed: null, revisions: 0 } : row)));
  }


  /**
   * A shard's lastmod is the latest change of any share in its slots, revoked and link-only ones
   * included: it only moves forward (a revocation or a publication moves it too), where the latest
   * change among the indexable notes alone went backwards when the newest one was revoked.
   */
  getSitemapShards(shardSize: number): Promise<SitemapShard[]> {
    return this.read(() => this.db.prepare<[number], { shard: number; lastmod: string | null }>(`
      SELECT (s.rowid - 1) / CAST(? AS INTEGER) AS shard, MAX(${CHANGED_AT}) AS lastmod
      FROM shares s JOIN notes n ON n.id = s.note_id
      GROUP BY shard HAVING SUM(s.state = 'indexable') > 0 ORDER BY shard`).all(shardSize)
      .map((r) => ({ shard: r.shard, lastModified: r.lastmod })));
  }

  async *streamSitemapShard(shard: number, shardSize: number): AsyncIterable<SitemapEntry> {
    let statement: Database.Statement<[number, number, number], ShardRow>;
    try {
      statement = this.db.prepare<[number, number, number], ShardRow>(SHARD_SQL);
    } catch (error) {
      throw new NoteStoreUnavailableError('SQLite note store failed', { cause: error });
    }
    const last = (shard + 1) * shardSize;
    let from = shard * shardSize + 1;
    for (;;) {
      let rows: ShardRow[];
      try {
        rows = statement.all(from, last, SHARD_BATCH);
      } catch (error) {
        throw new NoteStoreUnavailableError('SQLite note store failed', { cause: error });
      }
      for (const row of rows) {
        yield { shareId: row.share_id, title: row.title, lastModified: row.lastmod, imageHashes: row.images ? row.images.split(',') : [] };
      }
      if (rows.length < SHARD_BATCH) return;
      from = (rows[rows.length - 1] as ShardRow).row_id + 1;
      // Give other requests a turn between batches instead of holding the event loop for a whole shard.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }


  getPublicNotebook(notebookShareId: string, page: number, pageSize: number): Promise<NotebookPage | null> {
    return this.read(() => {
      const row = this.notebookStmt.get(notebookShareId);
      if (!row) return null;
      const stats = row.state === 'revoked'
        ? { count: 0, updated: null, changed: null, revisions: 0 }
        : this.notebookStatsStmt.get(row.notebook_id, row.state) as NotebookStatsRow;
      const pageCount = Math.max(1, Math.ceil(stats.count / pageSize));
      const notes = row.state === 'revoked' || page > pageCount
        ? []
        : this.notebookPageStmt.all(row.notebook_id, row.state, pageSize, (page - 1) * pageSize);
      return { notebook: toPublicNotebook(row, stats), notes: notes.map(toSummary), page, pageCount };
    });
  }

  searchNotebook(notebookShareId: string, query: string, page: number, pageSize: number): Promise<NotebookSearchPage | null> {
    return this.read(() => {
      const row = this.notebookStmt.get(notebookShareId);
      if (!row) return null;
      const isRevoked = row.state === 'revoked';
      const stats = isRevoked
        ? { count: 0, updated: null, changed: null, revisions: 0 }
        : this.notebookStatsStmt.get(row.notebook_id, row.state) as NotebookStatsRow;
      const { hits, total } = isRevoked ? { hits: [], total: 0 } : this.search.run(row.notebook_id, row.state, query, page, pageSize);
      const pageCount = Math.max(1, Math.ceil(Math.min(total, MAX_SEARCH_RESULTS) / pageSize));
      return { notebook: toPublicNotebook(row, stats), query, hits, total, page, pageCount };
    });
  }

  getChanges(after: number | null, limit: number): Promise<ChangeFeed> {
    // One read transaction: the head and the rows come from the same snapshot.
    return this.read(() => this.db.transaction((): ChangeFeed => {
      const logId = this.db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'change_log_id'").get()?.value ?? '';
      const head = this.db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'share_changes'").get()?.seq ?? 0;
      if (after === null || after === head) return { logId, head, changes: [], reset: false };
      const oldest = this.db.prepare<[], { seq: number | null }>('SELECT MIN(seq) AS seq FROM share_changes').get()?.seq ?? null;
      if (after > head || oldest === null || after < oldest - 1) return { logId, head, changes: [], reset: true };
      const changes = this.db.prepare<[number, number], { seq: number; share_id: string }>('SELECT seq, share_id FROM share_changes WHERE seq > ? ORDER BY seq LIMIT ?')
        .all(after, limit).map((r) => ({ seq: r.seq, shareId: r.share_id }));
      return { logId, head, changes, reset: false };
    })());
  }

  close(): void {
    this.db.close();
    this.changes?.close();
  }

  /** SQLite errors (locked, corrupt, disk) are the store being unavailable, not a missing note. */
  private read<T>(query: () => T): Promise<T> {
    try {
      return Promise.resolve(query());
    } catch (error) {
      return Promise.reject(new NoteStoreUnavailableError('SQLite note store failed', { cause: error }));
    }
  }
}
