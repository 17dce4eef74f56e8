import type { SiteNav } from '@/lib/i18n/site-nav';
import { pageTitle } from '@/lib/seo/page-title';
import { PageHead } from './PageHead';
import { SiteFrame } from './SiteFrame';
import { StatusMessage, type StatusMessageProps } from './StatusMessage';

export interface StatusPageProps extends StatusMessageProps {
  siteName: string;
  nav: SiteNav;
  title: string;
}

/** A whole error page (404, 410, 500, 503). Never indexed, whatever its status. */
export function StatusPage({ siteName, nav, title, ...message }: StatusPageProps) {
  return (
    <SiteFrame siteName={siteName} nav={nav}>
      <PageHead title={pageTitle(title, siteName)} robots="noindex" />
      <StatusMessage {...message} />
    </SiteFrame>
  );
}
