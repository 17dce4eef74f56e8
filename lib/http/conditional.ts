import type { IncomingHttpHeaders } from 'node:http';
// Any encoding's tag of the version matches (lib/http/compression.js gives each its own).
import { etagMatches } from './compression';

export interface Validators {
  /** A strong entity tag, quoted. */
  etag: string;
  lastModified: Date | null;
}

/**
 * True when the client's copy is current (answer 304). If-None-Match wins over
 * If-Modified-Since; unparseable dates and malformed tags simply do not match.
 */
export function isNotModified(headers: IncomingHttpHeaders, validators: Validators): boolean {
  const ifNoneMatch = headers['if-none-match'];
  // The common case first: a cache revalidating with the tag it was given.
  if (ifNoneMatch === validators.etag) return true;
  if (typeof ifNoneMatch === 'string' && ifNoneMatch !== '') return etagMatches(ifNoneMatch, validators.etag);
  const ifModifiedSince = headers['if-modified-since'];
  if (typeof ifModifiedSince !== 'string' || !validators.lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since)) return false;
  // HTTP dates have one-second precision.
  return Math.floor(validators.lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}
