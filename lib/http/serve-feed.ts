import type { IncomingMessage, ServerResponse } from 'node:http';
import { config } from '../config';
import { extractText, summarize } from '../enml/extract-text';
import { parseEnml } from '../enml/parse-enml';
import { messagesFor } from '../i18n/messages';
import { localePath, uiLocaleFor } from '../i18n/locales';
import { getNoteStore } from '../notes/get-note-store';
import { noteLanguage } from '../notes/get-note-view';
import { NoteStoreUnavailableError, type NoteStore } from '../notes/note-store';
import { isShareId } from '../notes/share-id';
import { notebookPath, notePath } from '../notes/slug';
import type { NoteSummary } from '../notes/types';
import { buildAtomFeed, type FeedEntry } from '../seo/atom-feed';
import { notebookFeedPath, SITE_FEED_PATH } from '../seo/listing-meta';
import { noteDisplayTitle, fallbackNoteDescription } from '../seo/page-title';
import { sitePublisher } from '../seo/site-publisher';
import { ERROR_PAGE_CACHE } from './cache-control';
import { sendPlain, sendStoreUnavailable } from './plain-response';
import { sendCacheable } from './send-cacheable';

/** Entries per feed: feed readers poll for what is new, not for the archive (the sitemaps have that). */
const FEED_ENTRIES = 20;

/** Feed readers poll often: browsers 5 minutes, the CDN 10, revalidated by ETag. */
const FEED_CACHE = 'public, max-age=300, s-maxage=600, stale-while-revalidate=3600, stale-if-error=86400';

const ATOM = 'application/atom+xml; charset=utf-8';

/** Feed entries of listed notes; notes that stopped being indexable meanwhile are left out. */
async function entriesOf(store: NoteStore, notes: NoteSummary[]): Promise<FeedEntry[]> {
  const shared = await Promise.all(notes.map((n) => store.getSharedNote(n.shareId)));
  return shared.filter((note) => note?.state === 'indexable').map((note) => {
    const n = note as NonNullable<typeof note>;
    const lang = noteLanguage(n);
    const changed = n.updated ?? n.created;
    const title = noteDisplayTitle(n.title, lang, changed, n.notebook);
    return {
      id: `${config.siteUrl}/s/${n.shareId}`,
      url: `${config.siteUrl}${notePath(n.shareId, n.title || 'Untitled')}`,
      title,
      summary: summarize(extractText(parseEnml(n.enml).nodes), 300) || fallbackNoteDescription(title, lang, changed, n.notebook),
      published: n.created,
      updated: n.updated ?? n.created,
      authorName: n.authorName,
      lang,
      categories: n.tags.slice(0, 10),
    };
  });
}

/**
 * The store's latest change of any share, revoked and link-only ones included (the sitemap shards'
 * lastmod, which only moves forward): the site feed's floor for its <updated>, and a notebook
 * feed's when the note service does not send the notebook's own `changedAt` (older services).
 */
async function latestChange(store: NoteStore): Promise<string | null> {
  let latest: string | null = null;
  for (const { lastModified } of await store.getSitemapShards(config.sitemapShardSize)) if (lastModified && (latest === null || lastModified > latest)) latest = lastModified;
  return latest;
}

/** `/feeds/notes.xml` (shareId null): the latest indexable notes; `/feeds/nb/<id>.xml`: a public notebook's. */
export async function serveFeed(req: IncomingMessage, res: ServerResponse, notebookShareId: string | null): Promise<void> {
  const site = config.siteUrl;
  try {
    const store = await getNoteStore();
    if (notebookShareId === null) {
      const { notes } = await store.getIndexableNotesPage(1, FEED_ENTRIES);
      const t = messagesFor(uiLocaleFor(config.defaultLocale));
      const xml = buildAtomFeed({
        id: `${site}${SITE_FEED_PATH}`, selfUrl: `${site}${SITE_FEED_PATH}`, pageUrl: `${site}${localePath('/explore', uiLocaleFor(config.defaultLocale))}`,
        title: `${t.explore.heading} · ${config.siteName}`, subtitle: t.explore.description, lang: config.defaultLocale, siteName: config.siteName,
        iconUrl: sitePublisher().logoUrl, entries: await entriesOf(store, notes), fallbackUpdated: new Date(0).toISOString(), changedAt: await latestChange(store),
      });
      return sendCacheable(req, res, xml, ATOM, FEED_CACHE);
    }
    if (!isShareId(notebookShareId)) return sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
    const found = await store.getPublicNotebook(notebookShareId, 1, FEED_ENTRIES);
    // Link-only notebooks have no feed: a feed is for subscribing, and link-only means unlisted.
    if (!found || found.notebook.state === 'link-only') return sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
    if (found.notebook.state === 'revoked') return sendPlain(res, 410, 'Gone\n', ERROR_PAGE_CACHE);
    const { notebook } = found;
    const entries = await entriesOf(store, found.notes);
    const lang = entries[0]?.lang ?? config.defaultLocale;
    const t = messagesFor(uiLocaleFor(lang));
    const xml = buildAtomFeed({
      id: `${site}${notebookFeedPath(notebook.shareId)}`, selfUrl: `${site}${notebookFeedPath(notebook.shareId)}`, pageUrl: `${site}${notebookPath(notebook.shareId)}`,
      title: `${notebook.name} · ${config.siteName}`, subtitle: t.notebook.description(notebook.name, notebook.noteCount, []), lang, siteName: config.siteName,
      iconUrl: sitePublisher().logoUrl, entries, fallbackUpdated: notebook.updated ?? new Date(0).toISOString(), changedAt: notebook.changedAt ?? await latestChange(store),
    });
    return sendCacheable(req, res, xml, ATOM, FEED_CACHE);
  } catch (error) {
    if (!(error instanceof NoteStoreUnavailableError)) throw error;
    sendStoreUnavailable(req, res, error);
  }
}
