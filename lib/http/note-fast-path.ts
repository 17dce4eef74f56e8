import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ShareVersion } from '../notes/types';
import { isNotModified, type Validators } from './conditional';
import type { CachedResponse, PageCache } from './page-cache';
import { notModifiedVariant, pageVariant } from './page-variants';

/**
 * The note page's fast path: a request for a note page whose current version was already rendered
 * is answered (200 from the page cache, or 304) by the app server *before* Next.js sees it.
 * Next's per-request routing costs more than a whole cache hit, and a bare Next hit tops out far
 * below what the machine can serve (see docs/reports/BENCHMARKS.md). Correctness is the same as the page's:
 * the note's version is read from the store on every request, so an edit or a revocation misses
 * the cache and falls through to the page, which renders, redirects, or answers 404/410/503.
 */
/**
 * True when the request was answered. Synchronous when the store answered synchronously (the
 * embedded store does): a 304 is a few microseconds of work, and every promise on the way costs
 * more than that under Next's async hooks.
 */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/**
 * The fast path's hit alone, for the server entry to try before anything else touches the response:
 * true when a cached page (or 304) was sent, synchronously, with the complete header list it first
 * went out with (security headers included); false, with nothing sent, for everything else.
 */
export type NoteReplay = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Where the page module leaves its fast path for the server entry (app-server.js) to find. */
export const FAST_PATH_KEY = Symbol.for('note-publisher.note-fast-path');
/** Where it leaves the replay (NoteReplay). */
export const NOTE_REPLAY_KEY = Symbol.for('note-publisher.note-replay');

/** Canonical note URLs only: anything else (queries, trailing slashes, other pages) goes to Next. */
const NOTE_PATH = /^\/s\/([A-Za-z0-9_-]{22})\/[^/?#]+$/;

export type MaybePromise<T> = T | Promise<T>;

export interface FastPathDeps {
  cache: PageCache<CachedResponse>;
  /** The share's current version (the content is not needed to answer from the cache). */
  getVersion: (shareId: string) => MaybePromise<ShareVersion | null>;
  validators: (note: ShareVersion) => Validators;
  /**
   * Answers a canonical note URL the cache holds no version of (e.g. by rendering the page
   * itself), or returns false to leave it to the page. Optional: without it such requests go to Next.
   */
  onMiss?: (req: IncomingMessage, res: ServerResponse, shareId: string) => boolean | Promise<boolean>;
}

/** The cache key of a rendered note page: its canonical path and ETag (the path is the cache's group). */
export function notePageKey(path: string, etag: string): string {
  return `${path} ${etag}`;
}

function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | null)?.then === 'function';
}

export function createNoteFastPath(deps: FastPathDeps): FastPath {
  const answer = (req: IncomingMessage, res: ServerResponse, path: string, note: ShareVersion | null): boolean | Promise<boolean> => {
    if (!note || note.state === 'revoked') return false;
    const validators = deps.validators(note);
    const key = notePageKey(path, validators.etag);
    const cached = deps.cache.get(key);
    // Another version is cached (the note changed): the new one is rendered like any miss.
    if (!cached) return deps.onMiss ? deps.onMiss(req, res, note.shareId) : false;
    // Headers and bytes per encoding are made once per page version (lib/http/page-variants.ts).
    if (isNotModified(req.headers, validators)) {
      res.writeHead(304, notModifiedVariant(req, cached, deps.cache, key).notModified);
      res.end();
      return true;
    }
    const variant = pageVariant(req, cached, deps.cache, key);
    res.writeHead(200, variant.ok);
    res.end(req.method === 'HEAD' ? undefined : variant.body);
    return true;
  };
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = req.url ?? '';
    const shareId = NOTE_PATH.exec(path)?.[1];
    if (!shareId) return false;
    // No version of this page is cached here: nothing to replay, so no version read either (the
    // page, or onMiss, reads the note once and answers conditional requests itself).
    if (!deps.cache.hasGroup(path)) return deps.onMiss ? deps.onMiss(req, res, shareId) : false;
    // Store failures: the page maps them to 503 with the right headers; let it.
    let version: MaybePromise<ShareVersion | null>;
    try {
      version = deps.getVersion(shareId);
    } catch {
      return false;
    }
    return isPromise(version) ? version.then((note) => answer(req, res, path, note), () => false) : answer(req, res, path, version);
  };
}

/**
 * The replay of cached note pages (NoteReplay): the fast path's hit without its misses. It reads the
 * version only when the store answers synchronously (a promise is left to the fast path, which asks
 * again and joins the same read), and sends the flat header lists, so the response must be
 * untouched: the server entry calls it before it sets anything.
 */
export function createNoteReplay(deps: Pick<FastPathDeps, 'cache' | 'getVersion' | 'validators'>): NoteReplay {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = req.url ?? '';
    const shareId = NOTE_PATH.exec(path)?.[1];
    if (!shareId || !deps.cache.hasGroup(path)) return false;
    let note: MaybePromise<ShareVersion | null>;
    try {
      note = deps.getVersion(shareId);
    } catch {
      return false;
    }
    if (isPromise(note)) {
      // The fast path's own read joins this one (the stores coalesce); its outcome is handled there.
      note.catch(() => undefined);
      return false;
    }
    if (!note || note.state === 'revoked') return false;
    const validators = deps.validators(note);
    const key = notePageKey(path, validators.etag);
    const cached = deps.cache.get(key);
    if (!cached) return false;
    if (isNotModified(req.headers, validators)) {
      res.writeHead(304, notModifiedVariant(req, cached, deps.cache, key).notModifiedRaw);
      res.end();
      return true;
    }
    const variant = pageVariant(req, cached, deps.cache, key);
    res.writeHead(200, variant.okRaw);
    res.end(req.method === 'HEAD' ? undefined : variant.body);
    return true;
  };
}

/** Makes `fastPath` (and its replay) the one the server entry calls (the latest registration wins). */
export function registerFastPath(fastPath: FastPath, replay?: NoteReplay): void {
  (globalThis as Record<symbol, unknown>)[FAST_PATH_KEY] = fastPath;
  (globalThis as Record<symbol, unknown>)[NOTE_REPLAY_KEY] = replay;
}
