import type { GetServerSideProps } from 'next';
import { NoteList } from '@/components/NoteList';
import { PageHead, type PageHeadProps } from '@/components/PageHead';
import { Pagination, type PaginationProps } from '@/components/Pagination';
import { SiteFrame } from '@/components/SiteFrame';
import { StatusPage } from '@/components/StatusPage';
import { config as siteConfig } from '@/lib/config';
import { ERROR_PAGE_CACHE, NOTE_PAGE_CACHE, REDIRECT_CACHE } from '@/lib/http/cache-control';
import { isNotModified } from '@/lib/http/conditional';
import { withStoreErrors } from '@/lib/http/store-errors';
import { localePath, toLocale } from '@/lib/i18n/locales';
import { messagesFor, type Messages } from '@/lib/i18n/messages';
import { buildSiteNav, type SiteNav } from '@/lib/i18n/site-nav';
import { statusPageModel, type StatusPageModel } from '@/lib/i18n/status-pages';
import { resolveExplorePage, type ExploreView } from '@/lib/notes/get-explore-view';
import { exploreHead } from '@/lib/seo/listing-meta';

type Props = { siteName: string; lang: string } & (
  | { kind: 'ok'; view: ExploreView; copy: Messages['explore']; nav: SiteNav; head: PageHeadProps; pagination: PaginationProps; feedHref: string }
  | { kind: 'unavailable'; status: StatusPageModel }
  | { kind: 'sent' });

export const config = { unstable_runtimeJS: false };

/**
 * The indexable notes, newest first, in numbered pages (`/explore?page=N`), and the public
 * notebooks: the crawlable way from the home page to every note (lib/seo/pagination.ts).
 */
export const getServerSideProps: GetServerSideProps<Props> = async (context) => {
  const locale = toLocale(context.locale);
  const siteName = siteConfig.siteName;
  return withStoreErrors<Props>(async ({ req, res }) => {
    // Next strips the locale prefix from req.url: the lookup is locale-free, links are localized.
    const result = await resolveExplorePage(req.url ?? '/explore', locale);
    if (result.kind === 'not-found') {
      res.setHeader('Cache-Control', ERROR_PAGE_CACHE);
      return { notFound: true };
    }
    if (result.kind === 'redirect') {
      res.setHeader('Cache-Control', REDIRECT_CACHE);
      return { redirect: { destination: localePath(result.location, locale), statusCode: 301 } };
    }
    const { view, validators } = result;
    const isProduction = siteConfig.deployEnv === 'production';
    res.setHeader('Cache-Control', NOTE_PAGE_CACHE);
    res.setHeader('ETag', validators.etag);
    res.setHeader('Content-Language', locale);
    if (!isProduction) res.setHeader('X-Robots-Tag', 'noindex');
    if (isNotModified(req.headers, validators)) {
      res.statusCode = 304;
      res.end();
      return { props: { kind: 'sent', siteName, lang: locale } };
    }
    const t = messagesFor(locale);
    const pageOf = t.notebook.pageOf(view.page, view.pageCount);
    return {
      props: {
        kind: 'ok', view, copy: t.explore, nav: buildSiteNav(locale, '/explore'), siteName, lang: locale, feedHref: '/feeds/notes.xml',
        head: exploreHead(view, locale, isProduction),
        pagination: { label: t.notebook.pagination, pageOf, previous: { href: view.previousHref, label: t.notebook.previous }, next: { href: view.nextHref, label: t.notebook.next }, pages: view.pages },
      },
    };
  }, () => ({ kind: 'unavailable', status: statusPageModel('unavailable', locale), siteName, lang: locale }))(context);
};

export default function ExplorePage(props: Props) {
  if (props.kind === 'sent') return null;
  if (props.kind === 'unavailable') return <StatusPage siteName={props.siteName} {...props.status} />;
  const { copy, view } = props;
  return (
    <SiteFrame siteName={props.siteName} nav={props.nav}>
      <PageHead {...props.head} />
      <section className="explore">
        <h1>{copy.heading}</h1>
        <p>{copy.lead} <a className="feed-link" href={props.feedHref}>{copy.feed}</a></p>
        {view.notes.length > 0 ? <NoteList notes={view.notes} /> : <p>{copy.empty}</p>}
        {view.pageCount > 1 ? <Pagination {...props.pagination} /> : null}
        {view.notebooks.length > 0 ? (
          <>
            <h2>{copy.notebooks}</h2>
            <ul className="note-list">
              {view.notebooks.map((nb) => <li key={nb.href}><a href={nb.href}>{nb.name}</a> <span className="note-list-meta">{nb.noteCount}</span></li>)}
            </ul>
          </>
        ) : null}
      </section>
    </SiteFrame>
  );
}
