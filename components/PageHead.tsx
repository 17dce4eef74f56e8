import Head from 'next/head';
import type { Alternate } from '@/lib/i18n/locales';
import { serializeJsonLd } from '@/lib/seo/json-ld';
import type { MetaTag } from '@/lib/seo/note-meta';

export interface PageHeadProps {
  title: string;
  description?: string;
  canonicalUrl?: string;
  /** `noindex` etc.; omitted when the page may be indexed normally. */
  robots?: string | null;
  tags?: MetaTag[];
  jsonLd?: Array<Record<string, unknown>>;
  /** hreflang links to the page's other language versions. */
  alternates?: Alternate[];
  /** Atom feeds of the page (autodiscovery). */
  feeds?: Array<{ href: string; title: string }>;
}

export function PageHead({ title, description, canonicalUrl, robots = null, tags = [], jsonLd = [], alternates = [], feeds = [] }: PageHeadProps) {
  return (
    <Head>
      {/* Replaces Next's default (width=device-width only); Baidu's mobile guidelines ask for initial-scale=1. */}
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title}</title>
      {description ? <meta name="description" content={description} /> : null}
      {canonicalUrl ? <link rel="canonical" href={canonicalUrl} /> : null}
      {robots ? <meta name="robots" content={robots} /> : null}
      {alternates.map((a) => <link key={a.hrefLang} rel="alternate" hrefLang={a.hrefLang} href={a.href} />)}
      {feeds.map((feed) => <link key={feed.href} rel="alternate" type="application/atom+xml" title={feed.title} href={feed.href} />)}
      {tags.map((tag, i) => (tag.key === 'property'
        ? <meta key={`${tag.id}-${i}`} property={tag.id} content={tag.content} />
        : <meta key={`${tag.id}-${i}`} name={tag.id} content={tag.content} />))}
      {jsonLd.map((data, i) => (
        // serializeJsonLd escapes <, > and &: the data (note titles included) cannot end the element.
        <script key={`ld-${i}`} type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />
      ))}
    </Head>
  );
}
