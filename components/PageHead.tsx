import Head from 'next/head';

export interface PageHeadProps {
  title: string;
  description?: string;
  canonicalUrl?: string;
  /** False adds `noindex`: link-only notes, error pages. */
  isIndexable: boolean;
}

export function PageHead({ title, description, canonicalUrl, isIndexable }: PageHeadProps) {
  return (
    <Head>
      <title>{title}</title>
      {description ? <meta name="description" content={description} /> : null}
      {canonicalUrl ? <link rel="canonical" href={canonicalUrl} /> : null}
      {isIndexable ? null : <meta name="robots" content="noindex" />}
    </Head>
  );
}
