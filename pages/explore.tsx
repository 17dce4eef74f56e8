import type { GetServerSideProps } from 'next';
import { NoteList } from '@/components/NoteList';
import { PageHead } from '@/components/PageHead';
import { SiteFrame } from '@/components/SiteFrame';
import { StatusPage } from '@/components/StatusPage';
import { config as siteConfig } from '@/lib/config';
import { NOTE_PAGE_CACHE } from '@/lib/http/cache-control';
import { canonicalRedirect } from '@/lib/notes/canonical-redirect';
import { withStoreErrors } from '@/lib/http/store-errors';
import { alternatesFor, localePath, toLocale, type Alternate } from '@/lib/i18n/locales';
import { messagesFor, type Messages } from '@/lib/i18n/messages';
import { buildSiteNav, type SiteNav } from '@/lib/i18n/site-nav';
import { statusPageModel, type StatusPageModel } from '@/lib/i18n/status-pages';
import { listHomeNotes, type HomeNote } from '@/lib/notes/list-home-notes';

type Props = { siteName: string; lang: string } & (
  | { kind: 'ok'; notes: HomeNote[]; copy: Messages['explore']; nav: SiteNav; canonicalUrl: string; alternates: Alternate[]; robots: string | null }
  | { kind: 'unavailable'; status: StatusPageModel });

export const config = { unstable_runtimeJS: false };

/** The latest indexable notes: a crawlable entry point into the notes, rendered per request. */
export const getServerSideProps: GetServerSideProps<Props> = async (context) => {
  const locale = toLocale(context.locale);
  return withStoreErrors<Props>(async ({ req, res }) => {
    const path = localePath('/explore', locale);
    // Next strips the locale prefix from req.url: compare locale-free, redirect localized.
    const location = canonicalRedirect(req.url ?? '/explore', '/explore');
    if (location) return { redirect: { destination: localePath(location, locale), statusCode: 301 } };
    const notes = await listHomeNotes();
    const isProduction = siteConfig.deployEnv === 'production';
    res.setHeader('Cache-Control', NOTE_PAGE_CACHE);
    if (!isProduction) res.setHeader('X-Robots-Tag', 'noindex');
    return {
      props: {
        kind: 'ok', notes, copy: messagesFor(locale).explore, nav: buildSiteNav(locale, '/explore'),
        canonicalUrl: `${siteConfig.siteUrl}${path}`, alternates: alternatesFor(siteConfig.siteUrl, '/explore'),
        robots: isProduction ? null : 'noindex', siteName: siteConfig.siteName, lang: locale,
      },
    };
  }, () => ({ kind: 'unavailable', status: statusPageModel('unavailable', locale), siteName: siteConfig.siteName, lang: locale }))(context);
};

export default function ExplorePage(props: Props) {
  if (props.kind === 'unavailable') return <StatusPage siteName={props.siteName} {...props.status} />;
  const { copy } = props;
  return (
    <SiteFrame siteName={props.siteName} nav={props.nav}>
      <PageHead title={`${copy.title} · ${props.siteName}`} description={copy.description} canonicalUrl={props.canonicalUrl} robots={props.robots} alternates={props.alternates} />
      <section className="explore">
        <h1>{copy.heading}</h1>
        <p>{copy.lead}</p>
        {props.notes.length > 0 ? <NoteList notes={props.notes} /> : <p>{copy.empty}</p>}
      </section>
    </SiteFrame>
  );
}
