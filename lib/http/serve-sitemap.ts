import type { IncomingMessage, ServerResponse } from 'node:http';
import { config } from '../config';
import { getNoteStore } from '../notes/get-note-store';
import { NoteStoreUnavailableError } from '../notes/note-store';
import type { SitemapEntry } from '../notes/types';
import { buildPagesSitemap, buildSitemapIndex, sitemapUrl, URLSET_CLOSE, URLSET_OPEN } from '../seo/sitemap';
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

/** `/sitemap.xml` (shard = null), `/sitemaps/pages.xml` ('pages') or `/sitemaps/notes-<shard>.xml`. */
export async function serveSitemap(req: IncomingMessage, res: ServerResponse, shard: number | 'pages' | null): Promise<void> {
  if (shard === 'pages') {
    startXml(res);
    res.end(req.method === 'HEAD' ? undefined : buildPagesSitemap(config.siteUrl));
    return;
  }
  try {
    const store = await getNoteStore();
    if (shard === null) {
      const shards = await store.getSitemapShards(config.sitemapShardSize);
      startXml(res);
      res.end(buildSitemapIndex(shards, config.siteUrl));
      return;
    }
    if (!Number.isSafeInteger(shard) || shard < 0) return sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
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
