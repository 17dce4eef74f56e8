import { isShareId } from '../../share-id';
import type { NotebookPage, NotebookSearchHit, NotebookSearchPage, NoteSummary, Page, PublicNotebook, ResourceMeta, SharedNote, SitemapEntry, SitemapShard, NotesPage, ChangeFeed, ShareChange } from '../../types';
import { clipText, TEXT_LIMITS, withoutForbiddenChars } from '../../text-limits';
import { MD5_HEX } from './contract';

/**
 * Hand-written checks of the note service's answers against the domain types. Each check builds
 * a fresh object holding only the known fields, so an answer is either wholly typed or refused:
 * never a half-typed object that fails three calls later in a renderer.
 */

export class ShapeError extends Error {
  constructor(path: string, expected: string) {
    super(`${path}: expected ${expected}`);
    this.name = 'ShapeError';
  }
}

export type Check<T> = (value: unknown, path: string) => T;

const str: Check<string> = (v, p) => {
  if (typeof v !== 'string') throw new ShapeError(p, 'a string');
  return v;
};

/** A string cut to `max` (names and titles are drawn on pages and cards: their cost must be bounded). */
function clipped(max: number): Check<string> {
  return (v, p) => clipText(withoutForbiddenChars(str(v, p)), max);
}

function matching(pattern: RegExp, what: string): Check<string> {
  return (v, p) => {
    if (typeof v !== 'string' || !pattern.test(v)) throw new ShapeError(p, what);
    return v;
  };
}

const shareId: Check<string> = (v, p) => {
  if (typeof v !== 'string' || !isShareId(v)) throw new ShapeError(p, 'a share id');
  return v;
};

function int(min: number): Check<number> {
  return (v, p) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new ShapeError(p, `an integer >= ${min}`);
    return v;
  };
}

function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (v, p) => {
    if (!(values as readonly unknown[]).includes(v)) throw new ShapeError(p, `one of ${values.join(', ')}`);
    return v as T;
  };
}

function nullable<T>(check: Check<T>): Check<T | null> {
  return (v, p) => (v === null ? null : check(v, p));
}

/** An optional property (added to the contract later): absent and null both read as null. */
function optionalNullable<T>(check: Check<T>): Check<T | null> {
  return (v, p) => (v === undefined || v === null ? null : check(v, p));
}

/** Past `max` items the rest is ignored (a list the app draws or walks per request stays bounded). */
function arrayOf<T>(check: Check<T>, max = Infinity): Check<T[]> {
  return (v, p) => {
    if (!Array.isArray(v)) throw new ShapeError(p, 'an array');
    return v.slice(0, max).map((item, i) => check(item, `${p}[${i}]`));
  };
}

/** Every key of T must have a check (the compiler enforces it); unknown fields are dropped. */
function object<T>(shape: { [K in keyof T]-?: Check<T[K]> }): Check<T> {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ShapeError(p, 'an object');
    const source = v as Record<string, unknown>;
    const out: Partial<T> = {};
    for (const key of Object.keys(shape) as Array<keyof T & string>) {
      out[key] = shape[key](source[key], `${p}.${key}`);
    }
    return out as T;
  };
}

const state = oneOf(['link-only', 'indexable', 'revoked'] as const);
const timestamp = nullable(str);
const md5 = matching(MD5_HEX, 'an MD5 hex digest');

export const resourceMeta: Check<ResourceMeta> = object<ResourceMeta>({
  hash: md5,
  mime: clipped(TEXT_LIMITS.mime),
  size: int(0),
  width: nullable(int(0)),
  height: nullable(int(0)),
  fileName: nullable(clipped(TEXT_LIMITS.fileName)),
});

export const sharedNote: Check<SharedNote> = object<SharedNote>({
  shareId,
  state,
  title: clipped(TEXT_LIMITS.title),
  enml: clipped(TEXT_LIMITS.enml),
  created: timestamp,
  updated: timestamp,
  authorName: nullable(clipped(TEXT_LIMITS.authorName)),
  notebook: nullable(clipped(TEXT_LIMITS.notebookName)),
  notebookShareId: nullable(shareId),
  tags: arrayOf(clipped(TEXT_LIMITS.tag), TEXT_LIMITS.tags),
  lang: clipped(TEXT_LIMITS.lang),
  resources: arrayOf(resourceMeta, TEXT_LIMITS.resources),
  version: matching(/^.{1,200}$/s, 'a non-empty version'),
  changedAt: optionalNullable(str),
});

const noteSummary: Check<NoteSummary> = object<NoteSummary>({
  shareId,
  title: clipped(TEXT_LIMITS.title),
  updated: timestamp,
  notebook: nullable(clipped(TEXT_LIMITS.notebookName)),
  lang: clipped(TEXT_LIMITS.lang),
});

export const summaryPage: Check<Page<NoteSummary>> = object<Page<NoteSummary>>({
  items: arrayOf(noteSummary),
  nextCursor: nullable(str),
});

export const sitemapEntry: Check<SitemapEntry> = object<SitemapEntry>({
  shareId,
  title: clipped(TEXT_LIMITS.title),
  lastModified: timestamp,
  imageHashes: arrayOf(md5),
});

export const sitemapShards: Check<SitemapShard[]> = arrayOf(object<SitemapShard>({ shard: int(0), lastModified: timestamp }));

const publicNotebook: Check<PublicNotebook> = object<PublicNotebook>({
  shareId,
  state,
  name: clipped(TEXT_LIMITS.notebookName),
  updated: timestamp,
  noteCount: int(0),
  changedAt: optionalNullable(str),
  version: matching(/^.{1,200}$/s, 'a non-empty version'),
});

export const notebookPage: Check<NotebookPage> = object<NotebookPage>({
  notebook: publicNotebook,
  notes: arrayOf(noteSummary),
  page: int(1),
  pageCount: int(1),
});

const searchHit: Check<NotebookSearchHit> = object<NotebookSearchHit>({
  shareId,
  title: clipped(TEXT_LIMITS.title),
  updated: timestamp,
  notebook: nullable(clipped(TEXT_LIMITS.notebookName)),
  lang: clipped(TEXT_LIMITS.lang),
  snippet: matching(/^.{0,2000}$/su, 'a short plain-text snippet'),
});

export const notebookSearchPage: Check<NotebookSearchPage> = object<NotebookSearchPage>({
  notebook: publicNotebook,
  query: str,
  hits: arrayOf(searchHit),
  total: int(0),
  page: int(1),
  pageCount: int(1),
});

export const notesPage: Check<NotesPage> = object<NotesPage>({
  notes: arrayOf(noteSummary),
  page: int(1),
  pageCount: int(1),
  total: int(0),
});

export const publicNotebooks: Check<PublicNotebook[]> = arrayOf(publicNotebook);


const shareChange: Check<ShareChange> = object<ShareChange>({ seq: int(1), shareId });

export const changeFeed: Check<ChangeFeed> = object<ChangeFeed>({
  logId: matching(/^[A-Za-z0-9_-]{1,64}$/, 'a change log id'),
  head: int(0),
  changes: arrayOf(shareChange),
  reset: (v, p) => {
    if (typeof v !== 'boolean') throw new ShapeError(p, 'true or false');
    return v;
  },
});

/** Runs a check from the root of a response. */
export function parseShape<T>(check: Check<T>, value: unknown): T {
  return check(value, '$');
}
