import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders } from 'node:http';
import { encode, encodedEtag, isCompressible, negotiateEncoding, varyWithEncoding, type Encoding } from './compression';
import type { CachedResponse, PageCache } from './page-cache';

/** Where a cached page lives, so it can be recounted when an encoding is added to it. */
type Owner = Pick<PageCache<CachedResponse>, 'grow'>;

/** One encoding of a cached page, ready to send: built once per page version and encoding. */
export interface PageVariant {
  ok: OutgoingHttpHeaders;
  /** A 304 carries the validators and caching headers of the 200, but describes no body. */
  notModified: OutgoingHttpHeaders;
  /**
   * The same as flat `[name, value, ...]` lists, for a response nothing was set on yet: Node then
   * writes them as they are, where an object after setHeader() is merged header by header.
   */
  okRaw: OutgoingHttpHeader[];
  notModifiedRaw: OutgoingHttpHeader[];
  body: Buffer;
}

export type PageVariants = Partial<Record<Encoding | 'identity', PageVariant>>;

function flatten(headers: OutgoingHttpHeaders): OutgoingHttpHeader[] {
  const raw: OutgoingHttpHeader[] = [];
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) raw.push(name, value);
  return raw;
}

function buildVariant(cached: CachedResponse, encoding: Encoding | null): PageVariant {
  const body = encoding ? encode(cached.body, encoding) : cached.body;
  const headers: OutgoingHttpHeaders = { ...cached.headers };
  if (isCompressible(cached.headers['content-type'], cached.body.length)) headers.vary = varyWithEncoding(headers.vary);
  if (encoding && typeof headers.etag === 'string') headers.etag = encodedEtag(headers.etag, encoding);
  const notModified: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (name !== 'content-type') notModified[name] = value;
  const ok: OutgoingHttpHeaders = { ...headers, 'content-length': String(body.length) };
  if (encoding) ok['content-encoding'] = encoding;
  return { ok, notModified, okRaw: flatten(ok), notModifiedRaw: flatten(notModified), body };
}

/** The encoding `req` gets for `cached`: null (identity) for small or non-text pages. */
function encodingFor(req: IncomingMessage, cached: CachedResponse): Encoding | null {
  const wanted = negotiateEncoding(req.headers['accept-encoding']);
  return wanted && isCompressible(cached.headers['content-type'], cached.body.length) ? wanted : null;
}

function variantOf(cached: CachedResponse, encoding: Encoding | null, owner?: Owner, key?: string): PageVariant {
  const variants = (cached.variants ??= {});
  const name = encoding ?? 'identity';
  let variant = variants[name];
  if (!variant) {
    variant = buildVariant(cached, encoding);
    variants[name] = variant;
    if (encoding && owner && key !== undefined) owner.grow(key);
  }
  return variant;
}

/**
 * The variant of a cached page for this request's Accept-Encoding. A page is compressed once per
 * encoding, on the first request that takes it, and the bytes stay beside the page (its cache,
 * `owner`, then recounts the entry `key`).
 */
export function pageVariant(req: IncomingMessage, cached: CachedResponse, owner?: Owner, key?: string): PageVariant {
  return variantOf(cached, encodingFor(req, cached), owner, key);
}

/**
 * The variant whose 304 answers `req`: the one whose tag the client sent (a cache holding the
 * brotli bytes keeps their tag), else the identity's.
 */
export function notModifiedVariant(req: IncomingMessage, cached: CachedResponse, owner?: Owner, key?: string): PageVariant {
  const encoding = encodingFor(req, cached);
  const etag = cached.headers.etag;
  const ifNoneMatch = req.headers['if-none-match'];
  if (!encoding || typeof etag !== 'string' || typeof ifNoneMatch !== 'string') return variantOf(cached, null);
  const tag = encodedEtag(etag, encoding).replace(/^W\//, '');
  const holdsVariant = ifNoneMatch.split(',').some((sent) => sent.trim().replace(/^W\//, '') === tag);
  return variantOf(cached, holdsVariant ? encoding : null, owner, key);
}
