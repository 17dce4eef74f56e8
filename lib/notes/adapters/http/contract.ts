/**
 * Names and limits of the note service's JSON API, shared by the HTTP adapter and the reference
 * service so the two cannot drift. openapi/note-service.yaml is the documentation of record; a
 * change here is a change there.
 */

export const MD5_HEX = /^[0-9a-f]{32}$/;

/** Cursors are opaque to callers but kept to a URL-safe alphabet and a size a query string carries easily. */
export const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;

export const LIMITS = {
  /** A page of the note list; the home page asks for 50. */
  maxListLimit: 1000,
  /** The sitemap protocol caps a file at 50,000 URLs, so no shard is ever larger. */
  maxShardSize: 50_000,
  maxShard: 1_000_000,
  maxPage: 1_000_000,
  maxPageSize: 1000,
  /** Searches: result pages and their size are small (MAX_SEARCH_RESULTS in all), queries short. */
  maxSearchPage: 100,
  maxSearchPageSize: 50,
  maxQueryChars: 100,
  /** Notebooks in one listing (the notebooks sitemap holds at most 50,000 URLs). */
  maxNotebooks: 50_000,
  /** Changes per page of the feed; a reader behind by more asks again at once. */
  maxChanges: 1000,
} as const;

/** Resource metadata travels in headers so the body can be the raw bytes. Free text is percent-encoded. */
export const RESOURCE_HEADERS = {
  hash: 'x-resource-hash',
  mime: 'x-resource-mime',
  size: 'x-resource-size',
  width: 'x-resource-width',
  height: 'x-resource-height',
  fileName: 'x-resource-file-name',
} as const;

export const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  bytes: 'application/octet-stream',
} as const;

export const apiPaths = {
  note: (shareId: string): string => `/v1/shares/${shareId}`,
  resource: (shareId: string, hash: string): string => `/v1/shares/${shareId}/resources/${hash}`,
  notes: (cursor: string | null, limit: number): string =>
    `/v1/notes?limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`,
  notesPage: (page: number, pageSize: number): string => `/v1/notes/pages/${page}?pageSize=${pageSize}`,
  notebooks: (limit: number): string => `/v1/notebooks?limit=${limit}`,
  sitemapShards: (shardSize: number): string => `/v1/sitemap-shards?shardSize=${shardSize}`,
  sitemapShard: (shard: number, shardSize: number): string => `/v1/sitemap-shards/${shard}?shardSize=${shardSize}`,
  notebook: (shareId: string, page: number, pageSize: number): string =>
    `/v1/notebooks/${shareId}?page=${page}&pageSize=${pageSize}`,
  notebookSearch: (shareId: string, query: string, page: number, pageSize: number): string =>
    `/v1/notebooks/${shareId}/search?q=${encodeURIComponent(query)}&page=${page}&pageSize=${pageSize}`,
  changes: (after: number | null, limit: number): string => `/v1/changes?limit=${limit}${after === null ? '' : `&after=${after}`}`,
};

/**
 * Header values are Latin-1 on the wire and free text here is UTF-8 (Chinese file names, odd
 * MIME strings from exports), so every byte outside visible ASCII, and `%` itself, is escaped.
 */
export function encodeHeaderText(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    out += byte > 0x20 && byte < 0x7f && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The inverse of encodeHeaderText; null for a malformed value (never a throw). */
export function decodeHeaderText(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** True when `value` is an integer in [min, max]. */
export function isIntIn(value: number, min: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max;
}
