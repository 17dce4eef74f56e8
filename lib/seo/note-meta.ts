import type { NoteView } from '../notes/get-note-view';
import { articleJsonLd, breadcrumbJsonLd } from './json-ld';
import { pageTitle } from './page-title';

export interface MetaTag {
  /** `name` for standard/Twitter tags, `property` for Open Graph. */
  key: 'name' | 'property';
  id: string;
  content: string;
}

export interface PageMeta {
  title: string;
  description: string;
  canonicalUrl: string;
  robots: string | null;
  tags: MetaTag[];
  jsonLd: Array<Record<string, unknown>>;
}

export interface SiteInfo {
  siteName: string;
  siteUrl: string;
  /** Absolute URL of the publisher logo (public/logo.png). */
  logoUrl: string;
  isProduction: boolean;
}

/** Google's floor for Article images in rich results: 50,000 pixels; the card is always there too. */
const MIN_ARTICLE_IMAGE_PIXELS = 50_000;

/**
 * The region Open Graph readers (Facebook's locale list) expect for a language tag without one:
 * og:locale is `language_TERRITORY`, and a bare `de` or `ja` is not a locale they know.
 */
const DEFAULT_REGIONS: Readonly<Record<string, string>> = {
  en: 'US', zh: 'CN', ja: 'JP', ko: 'KR', de: 'DE', fr: 'FR', es: 'ES', it: 'IT', pt: 'BR', nl: 'NL',
  ru: 'RU', pl: 'PL', sv: 'SE', da: 'DK', nb: 'NO', fi: 'FI', tr: 'TR', cs: 'CZ', el: 'GR', he: 'IL',
  hi: 'IN', id: 'ID', th: 'TH', vi: 'VN', uk: 'UA', ar: 'AR', hu: 'HU', ro: 'RO', ms: 'MY',
};

/**
 * Open Graph locale of a BCP 47 tag: `language_TERRITORY` (zh_CN, en_US, de_AT), with the usual
 * region when the tag has none (zh-Hant: zh_TW); null for a language with no known region
 * (`und`, `tlh`), where the tag is better left out than wrong.
 */
export function ogLocale(lang: string): string | null {
  const parts = lang.split(/[-_]/);
  const language = (parts[0] ?? '').toLowerCase();
  if (!/^[a-z]{2,3}$/.test(language)) return null;
  const region = parts.slice(1).find((part) => /^[a-z]{2}$/i.test(part));
  if (region) return `${language}_${region.toUpperCase()}`;
  if (language === 'zh' && parts.slice(1).some((part) => /^hant$/i.test(part))) return 'zh_TW';
  const fallback = DEFAULT_REGIONS[language];
  return fallback ? `${language}_${fallback}` : null;
}

/** The og:locale tag of `lang`, or none. */
export function ogLocaleTag(lang: string): MetaTag[] {
  const locale = ogLocale(lang);
  return locale ? [{ key: 'property', id: 'og:locale', content: locale }] : [];
}

/** Everything a note page puts in <head>, as data (rendered by components/PageHead). */
export function buildNoteMeta(note: NoteView, site: SiteInfo): PageMeta {
  const card = { url: `${site.siteUrl}${note.ogImage.url}`, width: note.ogImage.width, height: note.ogImage.height };
  // Lead images are site-relative, or absolute when resources come from their own origin (RESOURCE_BASE_URL).
  const lead = note.leadImage && note.leadImage.width * note.leadImage.height >= MIN_ARTICLE_IMAGE_PIXELS
    ? { url: new URL(note.leadImage.url, `${site.siteUrl}/`).href, width: note.leadImage.width, height: note.leadImage.height }
    : null;
  const isIndexable = note.isIndexable && site.isProduction;
  const tags: MetaTag[] = [
    { key: 'property', id: 'og:type', content: 'article' },
    { key: 'property', id: 'og:site_name', content: site.siteName },
    { key: 'property', id: 'og:title', content: note.title },
    { key: 'property', id: 'og:description', content: note.description },
    { key: 'property', id: 'og:url', content: note.canonicalUrl },
    ...ogLocaleTag(note.lang),
    ...(note.created ? [{ key: 'property' as const, id: 'article:published_time', content: note.created }] : []),
    ...(note.updated ?? note.created ? [{ key: 'property' as const, id: 'article:modified_time', content: (note.updated ?? note.created) as string }] : []),
    ...note.tags.slice(0, 10).map((tag) => ({ key: 'property' as const, id: 'article:tag', content: tag })),
    { key: 'property', id: 'og:image', content: card.url },
    { key: 'property', id: 'og:image:width', content: String(card.width) },
    { key: 'property', id: 'og:image:height', content: String(card.height) },
    { key: 'property', id: 'og:image:type', content: 'image/png' },
    { key: 'name', id: 'twitter:card', content: 'summary_large_image' },
    { key: 'name', id: 'twitter:title', content: note.title },
    { key: 'name', id: 'twitter:description', content: note.description },
    { key: 'name', id: 'twitter:image', content: card.url },
  ];
  // Home -> public notebook -> note: the path a reader (and a crawler) takes through the site.
  const crumbs = [
    { name: site.siteName, url: `${site.siteUrl}/` },
    ...(note.notebookHref && note.notebook ? [{ name: note.notebook, url: `${site.siteUrl}${note.notebookHref}` }] : []),
    { name: note.title, url: note.canonicalUrl },
  ];
  return {
    title: pageTitle(note.title, site.siteName),
    description: note.description,
    canonicalUrl: note.canonicalUrl,
    robots: isIndexable ? 'index, follow, max-image-preview:large' : 'noindex',
    tags,
    jsonLd: [
      articleJsonLd({
        url: note.canonicalUrl,
        headline: note.title,
        description: note.description,
        lang: note.lang,
        datePublished: note.created,
        dateModified: note.updated,
        authorName: note.authorName,
        images: lead ? [card, lead] : [card],
        keywords: note.tags,
        publisher: { siteName: site.siteName, siteUrl: site.siteUrl, logoUrl: site.logoUrl },
      }),
      breadcrumbJsonLd(crumbs),
    ],
  };
}
