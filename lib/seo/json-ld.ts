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
  image: { url: string; width: number; height: number } | null;
  keywords: string[];
  siteName: string;
  siteUrl: string;
}

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
    ...(input.image ? { image: { '@type': 'ImageObject', url: input.image.url, width: input.image.width, height: input.image.height } } : {}),
    ...(input.keywords.length > 0 ? { keywords: input.keywords.join(', ') } : {}),
    publisher: { '@type': 'Organization', name: input.siteName, url: input.siteUrl },
  };
}

export function breadcrumbJsonLd(items: Array<{ name: string; url: string }>): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, index) => ({ '@type': 'ListItem', position: index + 1, name: item.name, item: item.url })),
  };
}

export function websiteJsonLd(siteName: string, siteUrl: string, lang: string): Record<string, unknown> {
  return { '@context': 'https://schema.org', '@type': 'WebSite', name: siteName, url: `${siteUrl}/`, inLanguage: lang };
}
