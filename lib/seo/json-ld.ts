/**
 * JSON-LD builders (schema.org) and a serialiser that is safe inside a <script> element: `<`, `>`
 * and `&` are escaped as \u003c etc., so a note title containing `</script>` cannot end the element,
 * and U+2028/2029 cannot break older JavaScript parsers.
 */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export interface ArticleInput {
  url: string;
  headline: string;
  description: string;
  lang: string;
  datePublished: string | null;
  dateModified: string | null;
  authorName: string | null;
  /** Images large enough for rich results (the 1200x630 card, and the note's own when it is big). */
  images: Array<{ url: string; width: number; height: number }>;
  keywords: string[];
  publisher: Publisher;
}

/** The site as publisher: Google wants a name, a URL and a logo it can show. */
export interface Publisher {
  siteName: string;
  siteUrl: string;
  logoUrl: string;
}

export function organizationJsonLd(publisher: Publisher, withContext = false): Record<string, unknown> {
  return {
    ...(withContext ? { '@context': 'https://schema.org' } : {}),
    '@type': 'Organization',
    name: publisher.siteName,
    url: `${publisher.siteUrl}/`,
    logo: { '@type': 'ImageObject', url: publisher.logoUrl, width: LOGO_SIZE, height: LOGO_SIZE },
  };
}

/** public/logo.png is square, 512 px (Google asks for at least 112 px). */
const LOGO_SIZE = 512;

/** Google shows at most 110 characters of a headline. */
const MAX_HEADLINE = 110;

export function articleJsonLd(input: ArticleInput): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'Article',
    mainEntityOfPage: { '@type': 'WebPage', '@id': input.url },
    url: input.url,
    headline: Array.from(input.headline).slice(0, MAX_HEADLINE).join(''),
    description: input.description,
    inLanguage: input.lang,
    ...(input.datePublished ? { datePublished: input.datePublished } : {}),
    ...(input.dateModified ?? input.datePublished ? { dateModified: input.dateModified ?? input.datePublished } : {}),
    ...(input.authorName ? { author: { '@type': 'Person', name: input.authorName } } : {}),
    ...(input.images.length > 0 ? { image: input.images.map((image) => ({ '@type': 'ImageObject', url: image.url, width: image.width, height: image.height })) } : {}),
    ...(input.keywords.length > 0 ? { keywords: input.keywords.join(', ') } : {}),
    publisher: organizationJsonLd(input.publisher),
  };
}

export function breadcrumbJsonLd(items: Array<{ name: string; url: string }>): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, index) => ({ '@type': 'ListItem', position: index + 1, name: item.name, item: item.url })),
  };
}

export function websiteJsonLd(publisher: Publisher, lang: string): Record<string, unknown> {
  return { '@context': 'https://schema.org', '@type': 'WebSite', name: publisher.siteName, url: `${publisher.siteUrl}/`, inLanguage: lang, publisher: organizationJsonLd(publisher) };
}

export interface CollectionInput {
  url: string;
  name: string;
  description: string;
  lang: string;
  dateModified: string | null;
  items: Array<{ name: string; url: string }>;
  /** Position of the first item (a later page of a listing continues the numbering). */
  firstPosition: number;
  publisher: Publisher;
}

/** A listing page (a notebook, the public notes): CollectionPage whose main entity is the ItemList it shows. */
export function collectionPageJsonLd(input: CollectionInput): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'CollectionPage',
    '@id': input.url,
    url: input.url,
    name: input.name,
    description: input.description,
    inLanguage: input.lang,
    ...(input.dateModified ? { dateModified: input.dateModified } : {}),
    isPartOf: { '@type': 'WebSite', name: input.publisher.siteName, url: `${input.publisher.siteUrl}/` },
    publisher: organizationJsonLd(input.publisher),
    mainEntity: {
      '@type': 'ItemList',
      numberOfItems: input.items.length,
      itemListElement: input.items.map((item, index) => ({ '@type': 'ListItem', position: input.firstPosition + index, url: item.url, name: item.name })),
    },
  };
}
