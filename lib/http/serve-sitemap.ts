import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { config } from '../config';
import { getNoteStore } from '../notes/get-note-store';
import { NoteStoreUnavailableError } from '../notes/note-store';
import type { SitemapEntry } from '../notes/types';
import { buildPagesSitemap, buildSitemapIndex, sitemapUrl, URLSET_CLOSE, URLSET_OPEN } from '../seo/sitemap';
import { ERROR_PAGE_CACHE } from './cache-control';
import { sendPlain, sendStoreUnavailable } from './plain-response';

/** Sitemaps change when notes are published; crawlers fetch them a few times a day. */
const SITEMAP_CACHE = 'public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400, stale-if-error=86400';

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
    const first = await entries.next();
    if (first.done) return sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
    startXml(res);
    if (req.method === 'HEAD') return void res.end();
    res.write(URLSET_OPEN);
    for (let item: IteratorResult<SitemapEntry> = first; !item.done; item = await entries.next()) {
      // Backpressure: a shard is written as it is read, so memory stays flat whatever its size.
      if (!res.write(sitemapUrl(item.value, config.siteUrl))) await once(res, 'drain');
    }
    res.end(URLSET_CLOSE);
  } catch (error) {
    if (!(error instanceof NoteStoreUnavailableError)) throw error;
    // Mid-stream failures cannot change the status any more: cut the response so it is not cached whole.
    if (res.headersSent) return void res.destroy(error);
    sendStoreUnavailable(req, res, error);
  }
}
