import { config } from '../config';
import { alternatesFor, localePath, type Alternate, type Locale } from '../i18n/locales';
import { messagesFor } from '../i18n/messages';
import type { ExploreView } from '../notes/get-explore-view';
import type { NotebookView } from '../notes/get-notebook-view';
import { notebookPath } from '../notes/slug';
import { breadcrumbJsonLd, collectionPageJsonLd } from './json-ld';
import { ogLocaleTag, type MetaTag } from './note-meta';
import { pageTitle } from './page-title';
import { sitePublisher } from './site-publisher';

/** What a listing page puts in <head> (components/PageHead renders it). */
export interface ListingHead {
  title: string;
  description: string;
  canonicalUrl: string;
  robots: string | null;
  tags: MetaTag[];
  jsonLd: Array<Record<string, unknown>>;
  alternates: Alternate[];
  feeds: Array<{ href: string; title: string }>;
}

/** Site feed of the latest indexable notes (lib/seo/atom-feed.ts). */
export const SITE_FEED_PATH = '/feeds/notes.xml';

export function notebookFeedPath(shareId: string): string {
  return `/feeds/nb/${shareId}.xml`;
}

function openGraph(input: { title: string; description: string; url: string; lang: string; image: string | null }): MetaTag[] {
  return [
    { key: 'property', id: 'og:type', content: 'website' },
    { key: 'property', id: 'og:site_name', content: config.siteName },
    { key: 'property', id: 'og:title', content: input.title },
    { key: 'property', id: 'og:description', content: input.description },
    { key: 'property', id: 'og:url', content: input.url },
    ...ogLocaleTag(input.lang),
    ...(input.image ? [
      { key: 'property' as const, id: 'og:image', content: input.image },
      { key: 'property' as const, id: 'og:image:width', content: '1200' },
      { key: 'property' as const, id: 'og:image:height', content: '630' },
      { key: 'property' as const, id: 'og:image:type', content: 'image/png' },
    ] : []),
    { key: 'name', id: 'twitter:card', content: input.image ? 'summary_large_image' : 'summary' },
    { key: 'name', id: 'twitter:title', content: input.title },
    { key: 'name', id: 'twitter:description', content: input.description },
    ...(input.image ? [{ key: 'name' as const, id: 'twitter:image', content: input.image }] : []),
  ];
}

/** /explore?page=N in `locale`: a CollectionPage of the notes it lists, hreflang pairs per page. */
export function exploreHead(view: ExploreView, locale: Locale, isProduction: boolean): ListingHead {
  const t = messagesFor(locale);
  const site = config.siteUrl;
  const pageOf = t.notebook.pageOf(view.page, view.pageCount);
  const name = view.page > 1 ? `${t.explore.title} (${pageOf})` : t.explore.title;
  const description = view.page > 1 ? `${t.explore.description} ${pageOf}` : t.explore.description;
  const url = `${site}${localePath(view.path, locale)}`;
  const home = `${site}${localePath('/', locale)}`;
  return {
    title: pageTitle(name, config.siteName),
    description,
    canonicalUrl: url,
    robots: isProduction ? null : 'noindex',
    alternates: alternatesFor(site, view.path),
    feeds: [{ href: SITE_FEED_PATH, title: t.explore.feed }],
    tags: openGraph({ title: name, description, url, lang: locale, image: null }),
    jsonLd: [
      collectionPageJsonLd({
        url, name, description, lang: locale, dateModified: view.notes[0]?.updated ?? null,
        items: view.notes.map((n) => ({ name: n.title, url: `${site}${n.href}` })),
        firstPosition: (view.page - 1) * config.explorePageSize + 1,
        publisher: sitePublisher(),
      }),
      breadcrumbJsonLd([{ name: config.siteName, url: home }, { name, url }]),
    ],
  };
}

/** A public notebook's page: CollectionPage, breadcrumbs, its OG card, a description from its notes, its feed. */
export function notebookHead(notebook: NotebookView, isIndexable: boolean): ListingHead {
  const t = messagesFor(notebook.locale);
  const site = config.siteUrl;
  const pageOf = t.notebook.pageOf(notebook.page, notebook.pageCount);
  const name = notebook.page > 1 ? `${notebook.name} (${pageOf})` : notebook.name;
  const latest = notebook.notes.slice(0, 3).map((n) => n.title);
  const description = `${t.notebook.description(notebook.name, notebook.noteCount, latest)}${notebook.page > 1 ? ` ${pageOf}` : ''}`;
  return {
    title: pageTitle(name, config.siteName),
    description,
    canonicalUrl: notebook.canonicalUrl,
    robots: isIndexable ? null : 'noindex',
    alternates: [],
    feeds: [{ href: notebookFeedPath(notebook.shareId), title: t.notebook.feed }],
    tags: openGraph({ title: name, description, url: notebook.canonicalUrl, lang: notebook.lang, image: `${site}${notebook.ogImage}` }),
    jsonLd: [
      collectionPageJsonLd({
        url: notebook.canonicalUrl, name, description, lang: notebook.lang, dateModified: notebook.updated,
        items: notebook.notes.map((n) => ({ name: n.title, url: `${site}${n.href}` })),
        firstPosition: (notebook.page - 1) * config.notebookPageSize + 1,
        publisher: sitePublisher(),
      }),
      breadcrumbJsonLd([{ name: config.siteName, url: `${site}/` }, { name: notebook.name, url: `${site}${notebookPath(notebook.shareId)}` }]),
    ],
  };
}
