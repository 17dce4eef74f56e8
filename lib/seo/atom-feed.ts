import { escapeXml } from './sitemap';

/**
 * Atom 1.0 (RFC 4287) feeds: the site's latest indexable notes, and one per public notebook.
 * Every text passes escapeXml (characters XML forbids dropped, markup escaped), so a hostile title
 * cannot break the document or inject elements; summaries are plain text (`type="text"`).
 */
export interface FeedEntry {
  /** Permanent: the share's short URL, which outlives slug changes. */
  id: string;
  url: string;
  title: string;
  summary: string;
  published: string | null;
  updated: string | null;
  authorName: string | null;
  lang: string;
  categories: string[];
}

export interface Feed {
  id: string;
  selfUrl: string;
  /** The HTML page the feed mirrors (rel="alternate"). */
  pageUrl: string;
  title: string;
  subtitle: string;
  lang: string;
  siteName: string;
  iconUrl: string;
  entries: FeedEntry[];
  /** Used when no entry carries a date (an empty feed still needs <updated>). */
  fallbackUpdated: string;
  /**
   * The latest change the store knows of among the notes the feed could list, revoked ones included:
   * the feed's <updated> is never older, so revoking its newest entry moves it forward, not back.
   */
  changedAt?: string | null;
}

function isoDate(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The feed's <updated>: its newest entry's, or the store's latest change if later (monotonic). */
export function feedUpdated(feed: Pick<Feed, 'entries' | 'fallbackUpdated' | 'changedAt'>): string {
  let latest: string | null = isoDate(feed.changedAt ?? null);
  for (const entry of feed.entries) {
    const updated = isoDate(entry.updated ?? entry.published);
    if (updated && (latest === null || updated > latest)) latest = updated;
  }
  return latest ?? feed.fallbackUpdated;
}

function entryXml(entry: FeedEntry, fallback: string): string {
  const updated = isoDate(entry.updated ?? entry.published) ?? fallback;
  const published = isoDate(entry.published);
  return [
    `<entry xml:lang="${escapeXml(entry.lang)}">`,
    `<id>${escapeXml(entry.id)}</id>`,
    `<title type="text">${escapeXml(entry.title)}</title>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(entry.url)}"/>`,
    `<updated>${updated}</updated>`,
    published ? `<published>${published}</published>` : '',
    entry.authorName ? `<author><name>${escapeXml(entry.authorName)}</name></author>` : '',
    ...entry.categories.map((term) => `<category term="${escapeXml(term)}"/>`),
    `<summary type="text">${escapeXml(entry.summary)}</summary>`,
    '</entry>',
  ].join('');
}

export function buildAtomFeed(feed: Feed): string {
  const updated = feedUpdated(feed);
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.lang)}">
<id>${escapeXml(feed.id)}</id>
<title type="text">${escapeXml(feed.title)}</title>
<subtitle type="text">${escapeXml(feed.subtitle)}</subtitle>
<updated>${updated}</updated>
<link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>
<link rel="alternate" type="text/html" href="${escapeXml(feed.pageUrl)}"/>
<author><name>${escapeXml(feed.siteName)}</name></author>
<icon>${escapeXml(feed.iconUrl)}</icon>
${feed.entries.map((entry) => entryXml(entry, updated)).join('\n')}
</feed>
`;
}
