import { CURSOR, isIntIn, LIMITS, MD5_HEX } from '../adapters/http/contract';
import type { NoteStore } from '../note-store';
import { normalizeQuery } from '../search/search-terms';
import { isShareId } from '../share-id';
import type { ResourceBlob, SitemapEntry } from '../types';

/** What a route answers; the server turns it into status, headers and body (none for HEAD). */
export type Reply =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'resource'; resource: ResourceBlob }
  | { kind: 'ndjson'; entries: () => AsyncIterable<SitemapEntry> };

/** A request the contract does not allow: 400 with the reason. */
class BadRequest extends Error {}

const notFound: Reply = { kind: 'json', status: 404, body: { error: 'not_found', message: 'Not found' } };

export function errorReply(status: number, error: string, message: string): Reply {
  return { kind: 'json', status, body: { error, message } };
}

function id(value: string, what: string): string {
  if (!isShareId(value)) throw new BadRequest(`${what} must be 22 URL-safe base64 characters`);
  return value;
}

/** A decimal query parameter in [min, max]; `fallback` when absent (undefined = required). */
function intParam(query: URLSearchParams, name: string, min: number, max: number, fallback?: number): number {
  const values = query.getAll(name);
  if (values.length === 0 && fallback !== undefined) return fallback;
  const value = values[0];
  if (values.length !== 1 || value === undefined || !/^\d{1,15}$/.test(value) || !isIntIn(Number(value), min, max)) {
    throw new BadRequest(`${name} must be one whole number from ${min} to ${max}`);
  }
  return Number(value);
}

function cursorParam(query: URLSearchParams): string | null {
  const values = query.getAll('cursor');
  if (values.length === 0) return null;
  if (values.length !== 1 || !CURSOR.test(values[0] ?? '')) throw new BadRequest('cursor must be one opaque cursor from a previous page');
  return values[0] as string;
}

const json = (body: unknown): Reply => ({ kind: 'json', status: 200, body });

type Handler = (store: NoteStore, match: string[], query: URLSearchParams) => Promise<Reply>;

/** One entry per operation of openapi/note-service.yaml (the client builds these paths with apiPaths). */
const ROUTES: Array<[RegExp, Handler]> = [
  [/^\/v1\/shares\/([^/]+)$/, async (store, [shareId = '']) => {
    const note = await store.getSharedNote(id(shareId, 'shareId'));
    return note ? json(note) : notFound;
  }],
  [/^\/v1\/shares\/([^/]+)\/resources\/([^/]+)$/, async (store, [shareId = '', hash = '']) => {
    if (!MD5_HEX.test(hash)) throw new BadRequest('hash must be 32 lowercase hex digits');
    const resource = await store.getResource(id(shareId, 'shareId'), hash);
    return resource ? { kind: 'resource', resource } : notFound;
  }],
  [/^\/v1\/notes$/, async (store, _, query) => {
    const limit = intParam(query, 'limit', 1, LIMITS.maxListLimit, 50);
    return json(await store.listIndexableNotes(cursorParam(query), limit));
  }],
  [/^\/v1\/notes\/pages\/([^/]+)$/, async (store, [page = ''], query) => {
    if (!/^\d{1,7}$/.test(page) || !isIntIn(Number(page), 1, LIMITS.maxPage)) throw new BadRequest(`page must be a whole number from 1 to ${LIMITS.maxPage}`);
    return json(await store.getIndexableNotesPage(Number(page), intParam(query, 'pageSize', 1, LIMITS.maxPageSize, 50)));
  }],
  [/^\/v1\/notebooks$/, async (store, _, query) =>
    json(await store.listIndexableNotebooks(intParam(query, 'limit', 1, LIMITS.maxNotebooks, 1000)))],
  [/^\/v1\/sitemap-shards$/, async (store, _, query) =>
    json(await store.getSitemapShards(intParam(query, 'shardSize', 1, LIMITS.maxShardSize)))],
  [/^\/v1\/sitemap-shards\/([^/]+)$/, (store, [shard = ''], query) => {
    if (!/^\d{1,9}$/.test(shard) || !isIntIn(Number(shard), 0, LIMITS.maxShard)) throw new BadRequest(`shard must be a whole number up to ${LIMITS.maxShard}`);
    const shardSize = intParam(query, 'shardSize', 1, LIMITS.maxShardSize);
    return Promise.resolve({ kind: 'ndjson', entries: () => store.streamSitemapShard(Number(shard), shardSize) });
  }],
  [/^\/v1\/changes$/, async (store, _, query) => {
    if (!store.getChanges) return notFound;
    const limit = intParam(query, 'limit', 1, LIMITS.maxChanges, 500);
    const after = query.has('after') ? intParam(query, 'after', 0, Number.MAX_SAFE_INTEGER) : null;
    return json(await store.getChanges(after, limit));
  }],
  [/^\/v1\/notebooks\/([^/]+)$/, async (store, [shareId = ''], query) => {
    const page = intParam(query, 'page', 1, LIMITS.maxPage, 1);
    const pageSize = intParam(query, 'pageSize', 1, LIMITS.maxPageSize, 20);
    const notebook = await store.getPublicNotebook(id(shareId, 'notebook id'), page, pageSize);
    return notebook ? json(notebook) : notFound;
  }],
  [/^\/v1\/notebooks\/([^/]+)\/search$/, async (store, [shareId = ''], query) => {
    const q = query.getAll('q');
    if (q.length !== 1 || !isQuery(q[0] as string)) throw new BadRequest(`q must be one normalised query of 1 to ${LIMITS.maxQueryChars} characters`);
    const page = intParam(query, 'page', 1, LIMITS.maxSearchPage, 1);
    const pageSize = intParam(query, 'pageSize', 1, LIMITS.maxSearchPageSize, 10);
    const found = await store.searchNotebook(id(shareId, 'notebook id'), q[0] as string, page, pageSize);
    return found ? json(found) : notFound;
  }],
];

/** What searchNotebook accepts: a query as normalizeQuery leaves it (trimmed, bounded, not empty). */
function isQuery(value: string): boolean {
  return value !== '' && normalizeQuery(value) === value;
}

/**
 * Answers one GET/HEAD. Bad input is a 400 and unknown paths a 404; only the store failing
 * (NoteStoreUnavailableError) escapes, for the server to answer 503.
 */
export async function route(store: NoteStore, pathname: string, query: URLSearchParams): Promise<Reply> {
  for (const [pattern, handle] of ROUTES) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    try {
      return await handle(store, match.slice(1), query);
    } catch (error) {
      if (error instanceof BadRequest) return errorReply(400, 'bad_request', error.message);
      throw error;
    }
  }
  return notFound;
}
