import type { Agent } from 'node:http';
import { log } from '../../log';
import { NoteStoreUnavailableError, type NoteStore } from '../note-store';
import { isShareId } from '../share-id';
import type { NotebookPage, NotebookSearchPage, NoteSummary, Page, ResourceBlob, SharedNote, SitemapEntry, SitemapShard, NotesPage, PublicNotebook, ShareVersion } from '../types';
import { ChangeWatch } from './http/change-watch';
import { Coalescer } from './http/coalesce';
import { apiPaths, CURSOR, isIntIn, LIMITS, MD5_HEX } from './http/contract';
import { hasContentType, readJson, readNdjson } from './http/read-body';
import { readResource } from './http/read-resource';
import { DEFAULT_BREAKER, DEFAULT_RETRY, MAX_JSON_BYTES, MAX_NDJSON_LINE_BYTES, type HttpNoteStoreOptions } from './http/options';
import { sleep } from './http/retry';
import { TtlCache } from './http/ttl-cache';
import { Upstream, type Logger } from './http/upstream';
import { garbageError, toUpstreamError } from './http/upstream-error';
import { notebookPage, notebookSearchPage, ShapeError, sharedNote, sitemapEntry, sitemapShards, summaryPage, type Check, notesPage, publicNotebooks, changeFeed } from './http/validate';

export { httpNoteStoreOptions, type HttpNoteStoreOptions } from './http/options';

/** A shape check that also refuses a well-formed answer about some other share or page. */
function answering<T>(check: Check<T>, isAnswerTo: (value: T) => boolean): Check<T> {
  return (value, path) => {
    const typed = check(value, path);
    if (!isAnswerTo(typed)) throw new ShapeError(path, 'an answer about the requested share');
    return typed;
  };
}

/** The production NoteStore: the note service's JSON API (openapi/note-service.yaml) behind a cache. */
export class HttpNoteStore implements NoteStore {
  private readonly upstream: Upstream;
  private readonly cache: TtlCache<SharedNote | NotebookPage>;
  /** Search results: fresh for the cache TTL, never served stale (see searchNotebook). */
  private readonly searches: TtlCache<NotebookSearchPage>;
  private readonly flights = new Coalescer();
  private readonly now: () => number;
  private readonly logger: Logger;
  /** Bumped by invalidate(): a load that started before it must not refill the cache. */
  private epoch = 0;
  /** The note service's change feed, when configured: what makes a cached copy trustworthy. */
  private readonly watch: ChangeWatch | null;

  constructor(private readonly options: HttpNoteStoreOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? log;
    this.cache = new TtlCache(options.cacheEntries, Math.max(options.cacheTtlMs, options.staleTtlMs), this.now);
    this.searches = new TtlCache(options.cacheEntries, options.cacheTtlMs, this.now);
    this.upstream = new Upstream({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      token: options.token ?? null,
      timeoutMs: options.timeoutMs,
      // Two timeouts in all: past that a fast 503 (which the CDN's stale-if-error covers) beats a slow page.
      retry: { ...DEFAULT_RETRY, budgetMs: 2 * options.timeoutMs, ...options.retry },
      breaker: { ...DEFAULT_BREAKER, ...options.breaker },
      agent: options.agent,
      now: this.now,
      sleep: options.sleep ?? sleep,
      random: options.random ?? Math.random,
      logger: this.logger,
    });
    const boundMs = options.changeBoundMs ?? 0;
    this.watch = boundMs > 0 ? new ChangeWatch({
      read: (after) => this.json(apiPaths.changes(after, LIMITS.maxChanges), changeFeed),
      onChanged: (shareIds) => {
        for (const shareId of shareIds) this.invalidate(shareId);
      },
      onReset: () => this.forgetAll(),
      boundMs,
      // Half the bound: a busy instance's requests never wait for the feed.
      refreshMs: boundMs / 2,
      now: this.now,
      logger: this.logger,
    }) : null;
  }

  /** The socket pool, for shutting down (`agent.destroy()`) and for tests. */
  get agent(): Agent {
    return this.upstream.agent;
  }

  getSharedNote(shareId: string): Promise<SharedNote | null> {
    // Malformed ids are absent by definition: no call, and the same answer as the embedded store.
    if (!isShareId(shareId)) return Promise.resolve(null);
    return this.cached(`note:${shareId}`, apiPaths.note(shareId), sharedNote, (n) => n.shareId === shareId);
  }

  getResource(shareId: string, hash: string): Promise<ResourceBlob | null> {
    if (!isShareId(shareId) || !MD5_HEX.test(hash)) return Promise.resolve(null);
    const path = apiPaths.resource(shareId, hash);
    return this.flights.run(path, () => this.upstream.get(path, (res) => readResource(res, hash, this.options.maxResourceBytes)));
  }

  async listIndexableNotes(cursor: string | null, limit: number): Promise<Page<NoteSummary>> {
    if (!isIntIn(limit, 1, LIMITS.maxListLimit)) throw new RangeError(`limit must be 1..${LIMITS.maxListLimit}`);
    // Like the embedded store, a malformed cursor reads as "from the start".
    const path = apiPaths.notes(cursor !== null && CURSOR.test(cursor) ? cursor : null, limit);
    return this.required(path, await this.flights.run(path, () => this.json(path, summaryPage)));
  }

  async getIndexableNotesPage(page: number, pageSize: number): Promise<NotesPage> {
    if (!isIntIn(pageSize, 1, LIMITS.maxPageSize)) throw new RangeError(`pageSize must be 1..${LIMITS.maxPageSize}`);
    if (!isIntIn(page, 1, LIMITS.maxPage)) return { notes: [], page, pageCount: 1, total: 0 };
    const path = apiPaths.notesPage(page, pageSize);
    return this.required(path, await this.flights.run(path, () => this.json(path, notesPage)));
  }

  async listIndexableNotebooks(limit: number): Promise<PublicNotebook[]> {
    if (!isIntIn(limit, 1, LIMITS.maxNotebooks)) throw new RangeError(`limit must be 1..${LIMITS.maxNotebooks}`);
    const path = apiPaths.notebooks(limit);
    return this.required(path, await this.flights.run(path, () => this.json(path, publicNotebooks)));
  }

  async getSitemapShards(shardSize: number): Promise<SitemapShard[]> {
    if (!isIntIn(shardSize, 1, LIMITS.maxShardSize)) throw new RangeError(`shardSize must be 1..${LIMITS.maxShardSize}`);
    const path = apiPaths.sitemapShards(shardSize);
    return this.required(path, await this.flights.run(path, () => this.json(path, sitemapShards)));
  }

  async *streamSitemapShard(shard: number, shardSize: number): AsyncIterable<SitemapEntry> {
    if (!isIntIn(shardSize, 1, LIMITS.maxShardSize)) throw new RangeError(`shardSize must be 1..${LIMITS.maxShardSize}`);
    if (!isIntIn(shard, 0, LIMITS.maxShard)) return;
    const path = apiPaths.sitemapShard(shard, shardSize);
    // Retries cover getting the stream started; once entries flow, a failure ends the stream.
    const res = this.required(path, await this.upstream.get(path, (r) => {
      if (hasContentType(r, 'application/x-ndjson')) return Promise.resolve(r);
      r.resume();
      return Promise.reject(garbageError(`content type "${r.headers['content-type'] ?? ''}" is not NDJSON`));
    }, true));
    try {
      yield* readNdjson(res, sitemapEntry, this.options.timeoutMs, MAX_NDJSON_LINE_BYTES);
    } catch (error) {
      this.upstream.reportFailure();
      throw toUpstreamError(error, false, this.options.timeoutMs);
    }
  }

  getPublicNotebook(notebookShareId: string, page: number, pageSize: number): Promise<NotebookPage | null> {
    if (!isIntIn(pageSize, 1, LIMITS.maxPageSize)) return Promise.reject(new RangeError(`pageSize must be 1..${LIMITS.maxPageSize}`));
    if (!isShareId(notebookShareId) || !isIntIn(page, 1, LIMITS.maxPage)) return Promise.resolve(null);
    return this.cached(`notebook:${notebookShareId}:${page}:${pageSize}`, apiPaths.notebook(notebookShareId, page, pageSize), notebookPage,
      (p) => p.notebook.shareId === notebookShareId && p.page === page);
  }

  /**
   * Read-through like notebook pages (fresh cache hit, else one coalesced call), but a failing
   * service is never covered with an old answer: a search is a question about now (a stale result
   * could still list a note revoked since), and the reader can retry it, so it fails (503).
   */
  async searchNotebook(notebookShareId: string, query: string, page: number, pageSize: number): Promise<NotebookSearchPage | null> {
    if (!isIntIn(pageSize, 1, LIMITS.maxSearchPageSize)) throw new RangeError(`pageSize must be 1..${LIMITS.maxSearchPageSize}`);
    if (!isShareId(notebookShareId) || !isIntIn(page, 1, LIMITS.maxSearchPage) || query === '' || query.length > LIMITS.maxQueryChars * 2) return null;
    const path = apiPaths.notebookSearch(notebookShareId, query, page, pageSize);
    const key = `search:${notebookShareId}:${page}:${pageSize}:${query}`;
    const hit = this.searches.get(key);
    // With the change feed, a cached result is used only while the feed vouches for it (it may list a note revoked since).
    if (hit && hit.ageMs < this.options.cacheTtlMs && (!this.watch || this.watch.isConfirmed())) return hit.value;
    return this.flights.run(key, async () => {
      const epoch = this.epoch;
      const found = await this.json(path, answering(notebookSearchPage, (p) => p.notebook.shareId === notebookShareId && p.page === page));
      if (found && epoch === this.epoch) this.searches.set(key, found);
      return found;
    });
  }

  /**
   * The version fields for the note fast path: synchronous while the note is cached and the change
   * feed vouches for it (a 304 then costs no promise), else the note as getSharedNote reads it.
   */
  getShareVersion(shareId: string): ShareVersion | null | Promise<ShareVersion | null> {
    if (!isShareId(shareId)) return null;
    const hit = this.cache.get(`note:${shareId}`);
    if (hit && hit.ageMs < this.options.cacheTtlMs && (!this.watch || this.watch.isConfirmed())) return hit.value as SharedNote;
    return this.getSharedNote(shareId);
  }

  invalidate(shareId: string): void {
    this.epoch += 1;
    // Any change (a note's, a notebook's) may change some notebook's results: searches are cheap to forget.
    this.searches.deleteWhere(() => true);
    const matches = (key: string): boolean => key === `note:${shareId}` || key.startsWith(`notebook:${shareId}:`);
    this.cache.deleteWhere(matches);
    this.flights.forget(matches);
  }

  private forgetAll(): void {
    this.epoch += 1;
    this.cache.deleteWhere(() => true);
    this.searches.deleteWhere(() => true);
    this.flights.forget((key) => key.startsWith('note:') || key.startsWith('notebook:'));
  }

  /**
   * Read-through for notes and notebook pages: fresh cache hit, else one coalesced upstream call,
   * else (the service failing) the cached copy if it is known to be current, with a warning. With
   * the change feed, "known to be current" means the feed was read within the bound, and a hit is
   * used only then: an instance that cannot confirm reads the note again or answers 503.
   */
  /**
   * True once a feed read sent within the bound has completed. The read this joins may have been
   * sent before the change it should show (an instance frozen while it was in flight): its answer
   * counts only if it is recent enough, so at most one more read follows.
   */
  private async confirmFeed(watch: ChangeWatch): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const isRead = await watch.check().then(() => true, () => false);
      if (!isRead) return false;
      if (watch.isConfirmed()) return true;
    }
    return false;
  }

  private async cached<T extends SharedNote | NotebookPage>(key: string, path: string, check: Check<T>, isAnswerTo: (value: T) => boolean): Promise<T | null> {
    let hit = this.cache.get(key) as { value: T; ageMs: number } | undefined;
    if (hit && this.watch && !this.watch.isConfirmed()) {
      // Idle, thawed, or the feed failing: ask the feed before trusting the copy (it may be revoked).
      const confirmed = await this.confirmFeed(this.watch);
      hit = confirmed ? this.cache.get(key) as { value: T; ageMs: number } | undefined : undefined;
    }
    if (hit && hit.ageMs < this.options.cacheTtlMs) return hit.value;
    try {
      return await this.flights.run(key, async () => {
        const epoch = this.epoch;
        const value = await this.json(path, answering(check, isAnswerTo));
        if (value === null) this.cache.delete(key);
        else if (epoch === this.epoch) this.cache.set(key, value);
        return value;
      });
    } catch (error) {
      const mayServeStale = hit !== undefined && hit.ageMs < this.options.staleTtlMs && (!this.watch || this.watch.isConfirmed());
      if (!(error instanceof NoteStoreUnavailableError) || !hit || !mayServeStale) throw error;
      this.logger.warn('note service failed; serving a stale copy', { key, ageMs: hit.ageMs, error });
      return hit.value;
    }
  }

  private json<T>(path: string, check: Check<T>): Promise<T | null> {
    return this.upstream.get(path, (res) => readJson(res, check, MAX_JSON_BYTES));
  }

  /** Lists always exist: a 404 there means the service is not the one the contract describes. */
  private required<T>(path: string, value: T | null): T {
    if (value === null) throw garbageError(`${path} answered 404`);
    return value;
  }
}
