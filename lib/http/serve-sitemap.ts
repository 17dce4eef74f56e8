import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { config } from '../config';
import { getNoteStore } from '../notes/get-note-store';
import { NoteStoreUnavailableError } from '../notes/note-store';
import type { SitemapEntry } from '../notes/types';
import { buildNotebooksSitemap, buildPagesSitemap, buildSitemapIndex, notebooksLastModified, sitemapUrl, URLSET_CLOSE, URLSET_OPEN } from '../seo/sitemap';
import { isNotModified } from './conditional';
import { ERROR_PAGE_CACHE } from './cache-control';
import { sendPlain, sendStoreUnavailable } from './plain-response';

/** Sitemaps change when notes are published; crawlers fetch them a few times a day. */
const SITEMAP_CACHE = 'public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400, stale-if-error=86400';

/** Characters of XML collected before each write of a streamed shard (see serveSitemap). */
const SITEMAP_WRITE_CHARS = 64 * 1024;

/** Resolves true once `res` can take more, false if the connection closed first. */
function drainedOrClosed(res: ServerResponse): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onDrain = (): void => { res.off('close', onClose); resolve(true); };
    const onClose = (): void => { res.off('drain', onDrain); resolve(false); };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

function startXml(res: ServerResponse): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/xml; charset=utf-8');
  res.setHeader('Cache-Control', SITEMAP_CACHE);
  if (config.deployEnv !== 'production') res.setHeader('X-Robots-Tag', 'noindex');
}

/** Notebooks in the notebooks sitemap: one file, so at most the protocol's URL cap. */
const MAX_SITEMAP_NOTEBOOKS = 50_000;

/** A whole (small) sitemap with a digest of its bytes as entity tag: 304 when the crawler has it. */
function sendXml(req: IncomingMessage, res: ServerResponse, xml: string): void {
  startXml(res);
  const etag = `"${createHash('sha1').update(xml).digest('base64url').slice(0, 27)}"`;
  res.setHeader('ETag', etag);
  if (isNotModified(req.headers, { etag, lastModified: null })) {
    res.statusCode = 304;
    return void res.end();
  }
  res.end(req.method === 'HEAD' ? undefined : xml);
}

/** `/sitemap.xml` (null), `/sitemaps/pages.xml`, `/sitemaps/notebooks.xml` or `/sitemaps/notes-<shard>.xml`. */
export async function serveSitemap(req: IncomingMessage, res: ServerResponse, shard: number | 'pages' | 'notebooks' | null): Promise<void> {
  try {
    const store = await getNoteStore();
    if (shard === 'pages') {
      const { pageCount } = await store.getIndexableNotesPage(1, config.explorePageSize);
      return sendXml(req, res, buildPagesSitemap(config.siteUrl, pageCount));
    }
    if (shard === 'notebooks') {
      const notebooks = await store.listIndexableNotebooks(MAX_SITEMAP_NOTEBOOKS);
      if (notebooks.length === 0) return sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
      return sendXml(req, res, buildNotebooksSitemap(notebooks, config.notebookPageSize, config.siteUrl));
    }
    if (shard === null) {
      const [shards, notebooks] = await Promise.all([store.getSitemapShards(config.sitemapShardSize), store.listIndexableNotebooks(MAX_SITEMAP_NOTEBOOKS)]);
      return sendXml(req, res, buildSitemapIndex(shards, config.siteUrl, notebooks.length > 0 ? { lastModified: notebooksLastModified(notebooks) } : null));
    }
    if (!Number.isSafeInteger(shard) || shard < 0) return sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
    // A shard streams (up to 50,000 URLs); its entity tag is a digest of its entries, read once
    // before the stream: a revalidating crawler gets its 304 without the XML being written.
    const etag = await shardEtag(store.streamSitemapShard(shard, config.sitemapShardSize));
    if (etag === null) return sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
    if (isNotModified(req.headers, { etag, lastModified: null })) {
      startXml(res);
      res.setHeader('ETag', etag);
      res.statusCode = 304;
      return void res.end();
    }
    res.setHeader('ETag', etag);
    const entries = store.streamSitemapShard(shard, config.sitemapShardSize)[Symbol.asyncIterator]();
    try {
      await writeShard(req, res, entries);
    } finally {
      // Every way out (done, HEAD, hang-up, error) releases the shard's statement and read snapshot.
      await entries.return?.();
    }
  } catch (error) {
    if (!(error instanceof NoteStoreUnavailableError)) throw error;
    // Mid-stream failures cannot change the status any more: cut the response so it is not cached whole.
    if (res.headersSent) return void res.destroy(error);
    sendStoreUnavailable(req, res, error);
  }
}

/** A digest of a shard's entries (null for an empty shard), plus the site URL its XML names. */
async function shardEtag(entries: AsyncIterable<SitemapEntry>): Promise<string | null> {
  const hash = createHash('sha1').update(config.siteUrl);
  let count = 0;
  for await (const entry of entries) {
    hash.update(`${entry.shareId}\u0000${entry.title}\u0000${entry.lastModified ?? ''}\u0000${entry.imageHashes.join(',')}\n`);
    count += 1;
  }
  return count === 0 ? null : `"${hash.digest('base64url').slice(0, 27)}"`;
}

/**
 * Writes one shard as it is read, so memory stays flat whatever its size (backpressure). URLs go
 * out in ~64 KB writes, not one by one: under load every wait for 'drain' (gzip runs on the thread
 * pool) costs a turn of a busy event loop, which made a 5,000-URL shard take seconds.
 */
async function writeShard(req: IncomingMessage, res: ServerResponse, entries: AsyncIterator<SitemapEntry>): Promise<void> {
  const first = await entries.next();
  if (first.done) return sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
  startXml(res);
  if (req.method === 'HEAD') return void res.end();
  let chunk = URLSET_OPEN;
  for (let item: IteratorResult<SitemapEntry> = first; !item.done; item = await entries.next()) {
    chunk += sitemapUrl(item.value, config.siteUrl);
    if (chunk.length < SITEMAP_WRITE_CHARS) continue;
    const isDrained = res.write(chunk);
    chunk = '';
    // The crawler hung up: stop reading the shard.
    if (!isDrained && !(await drainedOrClosed(res))) return;
  }
  res.end(chunk + URLSET_CLOSE);
}
