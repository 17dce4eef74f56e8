import type { PublicNotebook, SitemapEntry, SitemapShard } from '../notes/types';
import { notebookPath, notePath } from '../notes/slug';
import { alternatesFor, LOCALES, localePath } from '../i18n/locales';

/** Characters XML 1.0 forbids, and lone surrogates: dropped, or the whole file is rejected. */
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '').replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c] as string};`);
}

/** W3C datetime as sitemaps want it; null for unknown or unparseable dates. */
function w3cDate(iso: string | null): string | null {
  if (!iso) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function shardPath(shard: number): string {
  return `/sitemaps/notes-${shard}.xml`;
}

export const PAGES_SITEMAP_PATH = '/sitemaps/pages.xml';
export const NOTEBOOKS_SITEMAP_PATH = '/sitemaps/notebooks.xml';

/** The site's own pages, in every language; each names its language versions (hreflang). */
const SITE_PAGES = ['/', '/features', '/download'];

/** The sitemap protocol's cap on URLs per file. */
export const MAX_SITEMAP_URLS = 50_000;

/** Baidu reads at most 10 MB of one sitemap file (Google 50 MB). */
export const MAX_SITEMAP_BYTES = 10 * 1024 * 1024;

/**
 * The site's own pages and every numbered page of /explore (`explorePages` of them), each in
 * every language: every page a crawler can reach by links is listed. The site pages and the first
 * explore page carry their hreflang alternates here; numbered explore pages carry theirs in their
 * own <head> only, which keeps the file within MAX_SITEMAP_BYTES at the protocol's 50,000 URLs
 * (with alternates, 20,000 explore pages made a 13 MB file).
 */
export function buildPagesSitemap(siteUrl: string, explorePages = 1): string {
  const explore = Array.from({ length: Math.min(explorePages, MAX_SITEMAP_URLS / 2 - SITE_PAGES.length) }, (_, i) => (i === 0 ? '/explore' : `/explore?page=${i + 1}`));
  const urls = [...SITE_PAGES, ...explore].flatMap((path) => {
    const links = path.includes('?') ? '' : alternatesFor(siteUrl, path)
      .map((a) => `<xhtml:link rel="alternate" hreflang="${escapeXml(a.hrefLang)}" href="${escapeXml(a.href)}"/>`)
      .join('');
    return LOCALES.map((locale) => `<url><loc>${escapeXml(`${siteUrl}${localePath(path, locale)}`)}</loc>${links}</url>`);
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${urls.join('\n')}
</urlset>
`;
}

/**
 * Every page of every indexable public notebook (`/nb/<id>`, `/nb/<id>?page=N`), with the
 * notebook's last change as lastmod, up to the protocol's 50,000 URLs.
 */
export function buildNotebooksSitemap(notebooks: PublicNotebook[], pageSize: number, siteUrl: string): string {
  const urls: string[] = [];
  for (const notebook of notebooks) {
    const lastmod = w3cDate(notebook.updated);
    const pages = Math.max(1, Math.ceil(notebook.noteCount / pageSize));
    for (let page = 1; page <= pages && urls.length < MAX_SITEMAP_URLS; page += 1) {
      urls.push(`<url><loc>${escapeXml(siteUrl + notebookPath(notebook.shareId, page))}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`);
    }
  }
  return `${URLSET_OPEN}${urls.join('\n')}\n${URLSET_CLOSE}`;
}

/** The notebooks sitemap's lastmod: its newest notebook's. */
export function notebooksLastModified(notebooks: PublicNotebook[]): string | null {
  let latest: string | null = null;
  for (const { updated } of notebooks) if (updated && (latest === null || updated > latest)) latest = updated;
  return latest;
}

export function buildSitemapIndex(shards: SitemapShard[], siteUrl: string, notebooks: { lastModified: string | null } | null = null): string {
  const notebooksLastmod = notebooks ? w3cDate(notebooks.lastModified) : null;
  const items = [
    `<sitemap><loc>${escapeXml(siteUrl + PAGES_SITEMAP_PATH)}</loc></sitemap>`,
    ...(notebooks ? [`<sitemap><loc>${escapeXml(siteUrl + NOTEBOOKS_SITEMAP_PATH)}</loc>${notebooksLastmod ? `<lastmod>${notebooksLastmod}</lastmod>` : ''}</sitemap>`] : []),
    ...shards.map(({ shard, lastModified }) => {
    const lastmod = w3cDate(lastModified);
    return `<sitemap><loc>${escapeXml(siteUrl + shardPath(shard))}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</sitemap>`;
  })];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</sitemapindex>\n`;
}

export const URLSET_OPEN = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n';
export const URLSET_CLOSE = '</urlset>\n';

export function sitemapUrl(entry: SitemapEntry, siteUrl: string): string {
  const lastmod = w3cDate(entry.lastModified);
  const images = entry.imageHashes
    .map((hash) => `<image:image><image:loc>${escapeXml(`${siteUrl}/r/${entry.shareId}/${hash}`)}</image:loc></image:image>`)
    .join('');
  return `<url><loc>${escapeXml(siteUrl + notePath(entry.shareId, entry.title || 'Untitled'))}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}${images}</url>\n`;
}
