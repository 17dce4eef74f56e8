import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pageVariant, type PageVariants } from './page-variants';

/** A rendered page as it went out: its headers (security headers included) and body. */
export interface CachedResponse {
  headers: OutgoingHttpHeaders;
  body: Buffer;
  /** Its encodings as sent (lib/http/page-variants.ts), made once each, on first demand. */
  variants?: PageVariants;
}

/** Header names and values are small next to a page; a flat allowance keeps the budget honest. */
const HEADER_ALLOWANCE = 2048;

export function cachedResponseSize(value: CachedResponse | Buffer): number {
  if (Buffer.isBuffer(value)) return value.length;
  let size = value.body.length + HEADER_ALLOWANCE;
  for (const variant of Object.values(value.variants ?? {})) if (variant && variant.body !== value.body) size += variant.body.length;
  return size;
}

function groupOf(key: string): string {
  const space = key.indexOf(' ');
  return space < 0 ? key : key.slice(0, space);
}

/**
 * A small, bounded cache of rendered note pages, keyed by URL and ETag (note version + build), so a
 * note requested again skips rendering. Bounded by entry count and bytes because warm serverless
 * instances live for hours; least recently used entries go first. Per instance only: correctness
 * never depends on it, since every request still reads the note's current version from the store.
 */
export class PageCache<V extends CachedResponse | Buffer = Buffer> {
  private readonly entries = new Map<string, V>();
  /** Each entry's size as counted: an entry grows when an encoding is added to it (`grow`). */
  private readonly sizes = new Map<string, number>();
  /** Entries per group: a key's text before its first space (a page's path, for `path etag` keys). */
  private readonly groups = new Map<string, number>();
  private bytes = 0;

  constructor(private readonly maxEntries: number, private readonly maxBytes: number) {}

  /** The key inserted last (the Map's last entry), or null: reading it again needs no reordering. */
  private newest: string | null = null;

  get(key: string): V | undefined {
    const body = this.entries.get(key);
    if (body && key !== this.newest) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(key);
      this.entries.set(key, body);
      this.newest = key;
    }
    return body;
  }

  set(key: string, value: V): void {
    const size = cachedResponseSize(value);
    if (this.maxEntries === 0 || size > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, value);
    this.newest = key;
    this.sizes.set(key, size);
    this.bytes += size;
    const group = groupOf(key);
    this.groups.set(group, (this.groups.get(group) ?? 0) + 1);
    this.evict();
  }

  /** Recounts an entry that grew in place (an encoding of the page was added to it). */
  grow(key: string): void {
    const entry = this.entries.get(key);
    const counted = this.sizes.get(key);
    if (!entry || counted === undefined) return;
    const size = cachedResponseSize(entry);
    this.sizes.set(key, size);
    this.bytes += size - counted;
    this.evict();
  }

  private evict(): void {
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.remove(oldest, entry);
    }
  }

  /** True when some entry's key is `group` or starts with `group + ' '`: e.g. any version of a page is cached. */
  hasGroup(group: string): boolean {
    return this.groups.has(group);
  }

  /** Drops every entry whose key starts with `prefix` (all versions of one page). */
  deletePrefix(prefix: string): void {
    for (const [key, entry] of this.entries) {
      if (key.startsWith(prefix)) this.remove(key, entry);
    }
  }

  private remove(key: string, entry: V): void {
    this.entries.delete(key);
    if (key === this.newest) this.newest = null;
    this.bytes -= this.sizes.get(key) ?? cachedResponseSize(entry);
    this.sizes.delete(key);
    const group = groupOf(key);
    const count = (this.groups.get(group) ?? 1) - 1;
    if (count > 0) this.groups.set(group, count);
    else this.groups.delete(group);
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

/**
 * Sends a cached page with the headers it first went out with, in the encoding the client takes
 * (HEAD: the headers only). `cache` and `key`: where `cached` lives (recounted when it grows).
 */
export function sendCachedResponse(req: IncomingMessage, res: ServerResponse, cached: CachedResponse, cache?: PageCache<CachedResponse>, key?: string): void {
  const variant = pageVariant(req, cached, cache, key);
  res.writeHead(200, variant.ok);
  res.end(req.method === 'HEAD' ? undefined : variant.body);
}

/** Only HTML documents are captured: the same page route also answers Next's JSON data requests. */
function isHtml(res: ServerResponse): boolean {
  const type = res.getHeader('content-type');
  return typeof type === 'string' && /^text\/html\b/i.test(type);
}

/**
 * Hands a 200 HTML response to `onResponse` when the framework ends it with the whole body in one
 * piece (Next.js does for pages it renders to a string), with the headers it carries at that moment.
 * Streamed, non-200 or non-HTML responses (a `/_next/data/…json` request runs the same page code)
 * are simply not captured. Hooked before Next's compression wraps `end`, so the captured body is
 * the identity encoding.
 */
export function captureResponse(res: ServerResponse, onResponse: (response: CachedResponse) => void): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    res.end = end as ServerResponse['end'];
    const [chunk] = args;
    if (res.statusCode === 200 && isHtml(res) && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
      const body = Buffer.from(chunk);
      const headers = { ...res.getHeaders() };
      // Recomputed on every replay; the compression layer may rewrite these for this response only.
      delete headers['content-length'];
      delete headers['content-encoding'];
      delete headers['transfer-encoding'];
      // Set by the compression layer when it writes the head, i.e. after this point; replays are
      // identity-encoded, but caches must still keep encodings apart.
      headers.vary ??= 'Accept-Encoding';
      onResponse({ headers, body });
    }
    return end(...args);
  }) as ServerResponse['end'];
}
