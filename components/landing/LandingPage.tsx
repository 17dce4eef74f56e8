import type { ReactNode } from 'react';
import type { LandingBase } from '@/lib/i18n/landing-page';
import { PageHead } from '../PageHead';
import { SiteFrame } from '../SiteFrame';

/** Frame and head of a marketing page: localized title and description, canonical, hreflang. */
export function LandingPage({ base, title, description, children }: { base: LandingBase; title: string; description: string; children: ReactNode }) {
  return (
    <SiteFrame siteName={base.siteName} nav={base.nav}>
      <PageHead
        title={title}
        description={description}
        canonicalUrl={base.canonicalUrl}
        robots={base.robots}
        alternates={base.alternates}
        jsonLd={base.jsonLd}
        tags={[
          { key: 'property', id: 'og:type', content: 'website' },
          { key: 'property', id: 'og:title', content: title },
          { key: 'property', id: 'og:description', content: description },
          { key: 'property', id: 'og:url', content: base.canonicalUrl },
          { key: 'property', id: 'og:site_name', content: base.siteName },
          { key: 'property', id: 'og:locale', content: base.locale.replace('-', '_') },
        ]}
      />
      <div className="landing">{children}</div>
    </SiteFrame>
  );
}
