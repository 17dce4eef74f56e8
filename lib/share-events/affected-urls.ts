import type { NoteShareEvent, ShareEvent } from './share-event';
import { notebookPath, notePath } from '../notes/slug';
import { ogImagePath } from '../og/og-image-path';
import { qrCodePath } from '../seo/qr-code-path';
import { shardPath } from '../seo/sitemap';

/**
 * Every absolute URL whose cached copy a share event makes wrong. Pure: the event carries what the
 * store may no longer tell us (see share-event.ts).
 *
 * Not covered, by design: query-string variants of a page (`?utm_…`), which the CDN caches as separate
 * objects unless it is set to ignore query strings on /s/ and /r/; and OG cards named after an earlier
 * build's id, which only a directory purge of /og/<shareId>/ reaches.
 */

export interface PurgeSite {
  /** Public origin, no trailing slash. */
  siteUrl: string;
  /** Origin that also serves /r/ resources, when it differs from the site. */
  resourceBaseUrl: string | null;
  notebookPageSize: number;
  sitemapShardSize: number;
}

/**
 * Notebook pages purged per event. Deeper pages of a huge notebook expire with their short TTL
 * (s-maxage=300); purging them all would spend the daily URL quota (10,000) on pages nobody reads.
 */
export const MAX_NOTEBOOK_PAGES = 100;

function notebookUrls(site: PurgeSite, shareId: string, noteCount: number): string[] {
  const pages = Math.min(MAX_NOTEBOOK_PAGES, Math.max(1, Math.ceil(noteCount / site.notebookPageSize)));
  return Array.from({ length: pages }, (_, i) => site.siteUrl + notebookPath(shareId, i + 1));
}

/** Same shape as resourceUrl() in get-note-view.ts, which is not imported: it drags in the whole renderer. */
function resourcePath(shareId: string, hash: string): string {
  return `/r/${shareId}/${hash}`;
}

function canonicalUrl(site: PurgeSite, shareId: string, title: string): string {
  // The same fallback the note page uses for an empty title.
  return site.siteUrl + notePath(shareId, title || 'Untitled');
}

function noteUrls(event: NoteShareEvent, site: PurgeSite): string[] {
  const { shareId } = event;
  // The QR code encodes the short URL and never changes, but its answer does: 404 once revoked, noindex when link-only.
  const urls = [canonicalUrl(site, shareId, event.title), `${site.siteUrl}/s/${shareId}`, site.siteUrl + qrCodePath(shareId)];
  if (event.previousTitle !== undefined) urls.push(canonicalUrl(site, shareId, event.previousTitle));
  const origins = site.resourceBaseUrl && site.resourceBaseUrl !== site.siteUrl ? [site.siteUrl, site.resourceBaseUrl] : [site.siteUrl];
  for (const hash of event.resourceHashes) for (const origin of origins) urls.push(origin + resourcePath(shareId, hash));
  for (const version of [event.version, event.previousVersion]) {
    if (version !== undefined) urls.push(site.siteUrl + ogImagePath({ shareId, version }));
  }
  if (event.notebookShareId !== undefined) urls.push(...notebookUrls(site, event.notebookShareId, event.notebookNoteCount ?? 0));
  if (event.indexable) {
    urls.push(`${site.siteUrl}/`, `${site.siteUrl}/sitemap.xml`);
    if (event.sitemapSlot !== undefined) urls.push(site.siteUrl + shardPath(Math.floor(event.sitemapSlot / site.sitemapShardSize)));
  }
  return urls;
}

function isNoteEvent(event: ShareEvent): event is NoteShareEvent {
  return event.type.startsWith('note.');
}

/** URLs to purge for one event, without duplicates. */
export function affectedUrls(event: ShareEvent, site: PurgeSite): string[] {
  return [...new Set(isNoteEvent(event) ? noteUrls(event, site) : notebookUrls(site, event.shareId, event.noteCount))];
}

/** URLs to purge for a whole delivery, without duplicates (events often share a notebook and the sitemap). */
export function affectedUrlsOfAll(events: readonly ShareEvent[], site: PurgeSite): string[] {
  return [...new Set(events.flatMap((event) => affectedUrls(event, site)))];
}

/**
 * URLs worth telling search engines about: the canonical page of indexable shares (including ones
 * just revoked, so engines recrawl and drop them). Link-only shares are never announced.
 */
export function urlsToAnnounce(events: readonly ShareEvent[], site: PurgeSite): string[] {
  const urls = events
    .filter((event) => event.indexable)
    .map((event) => (isNoteEvent(event) ? canonicalUrl(site, event.shareId, event.title) : site.siteUrl + notebookPath(event.shareId)));
  return [...new Set(urls)];
}
