import type { GetServerSideProps, GetServerSidePropsResult } from 'next';
import { PageHead } from '@/components/PageHead';
import { SiteFrame } from '@/components/SiteFrame';
import { StatusPage } from '@/components/StatusPage';
import { NotebookListing, type NotebookListingText } from '@/components/notebook/NotebookListing';
import { config as siteConfig } from '@/lib/config';
import { ERROR_PAGE_CACHE, REDIRECT_CACHE, NOTE_PAGE_CACHE } from '@/lib/http/cache-control';
import { isNotModified } from '@/lib/http/conditional';
import { withStoreErrors } from '@/lib/http/store-errors';
import { DEFAULT_LOCALE } from '@/lib/i18n/locales';
import { messagesFor } from '@/lib/i18n/messages';
import { buildSiteNav, type SiteNav } from '@/lib/i18n/site-nav';
import { statusPageModel, type StatusPageModel } from '@/lib/i18n/status-pages';
import { notebookFeedPath, notebookHead, type ListingHead } from '@/lib/seo/listing-meta';
import { pageTitle } from '@/lib/seo/page-title';
import { notebookValidators, resolveNotebook, toNotebookView, type NotebookView } from '@/lib/notes/get-notebook-view';
import { NotebookSearchForm, type NotebookSearchFormText } from '@/components/notebook/NotebookSearchForm';
import { NotebookSearchResults, type NotebookSearchResultsText } from '@/components/notebook/NotebookSearchResults';
import { allowSearchForm } from '@/lib/http/allow-search-form';
import { searchMessagesFor } from '@/lib/i18n/search-messages';
import { isSearchUrl, resolveNotebookSearch, toNotebookSearchView, type NotebookSearchView } from '@/lib/notes/get-notebook-search-view';
import { MAX_QUERY_CHARS } from '@/lib/notes/search/search-terms';
import { WeChatShare } from '@/components/WeChatShare';
import type { WeChatShareData } from '@/lib/wechat/get-wechat-share';
import { hasWeChatShareMarker, splitShareMarkers, wantsWeChatVariant, withShareMarkers } from '@/lib/wechat/wechat-request';
import { weChatNotebookShare } from '@/server/wechat-notebook-page';

type Props = { siteName: string; lang: string } & (
  | { kind: 'ok'; notebook: NotebookView; nav: SiteNav; text: NotebookListingText; head: ListingHead; searchText: NotebookSearchFormText;
      /** The WeChat variant only (docs/wechat.md): its share data, and the nonce its scripts run under. */
      wxShare?: WeChatShareData | null; wxNonce?: string | null }
  | { kind: 'search'; search: NotebookSearchView; nav: SiteNav; text: NotebookSearchResultsText; title: string; searchText: NotebookSearchFormText }
  | { kind: 'gone' | 'unavailable'; status: StatusPageModel }
  | { kind: 'sent' });

/**
 * A public notebook: numbered, crawlable pages (`?page=N`) rendered on the server. No framework
 * runtime: its one script is public/notebook.js ("load more", added by pages/_document.tsx).
 */
export const config = { unstable_runtimeJS: false };

export const getServerSideProps: GetServerSideProps<Props> = withStoreErrors<Props>(async ({ params, req, res }) => {
  const shareId = typeof params?.notebookShareId === 'string' ? params.notebookShareId : '';
  allowSearchForm(res);
  if (isSearchUrl(req.url ?? '/')) return searchProps(shareId, req.url ?? '/', res);
  // In WeChat (share cards on): the same page plus share data, private to the visitor (docs/wechat.md).
  const isWeChat = wantsWeChatVariant(req);
  const { lookupUrl, markers } = isWeChat ? splitShareMarkers(req.url ?? '/') : { lookupUrl: req.url ?? '/', markers: '' };
  const result = await resolveNotebook(shareId, lookupUrl);
  const siteName = siteConfig.siteName;
  switch (result.kind) {
    case 'not-found':
      res.setHeader('Cache-Control', ERROR_PAGE_CACHE);
      return { notFound: true };
    case 'redirect':
      // A redirect of a link marked by WeChat is not stored: the CDN must not hand it to WeChat readers.
      if (!hasWeChatShareMarker(req.url ?? '/')) res.setHeader('Cache-Control', REDIRECT_CACHE);
      return { redirect: { destination: withShareMarkers(result.location, markers), statusCode: 301 } };
    case 'gone':
      res.statusCode = 410;
      res.setHeader('Cache-Control', ERROR_PAGE_CACHE);
      res.setHeader('X-Robots-Tag', 'noindex');
      return { props: { kind: 'gone', status: statusPageModel('notebookGone', DEFAULT_LOCALE), siteName, lang: DEFAULT_LOCALE } };
    case 'ok': {
      const validators = notebookValidators(result.page);
      const isIndexable = result.page.notebook.state === 'indexable' && siteConfig.deployEnv === 'production';
      res.setHeader('Cache-Control', NOTE_PAGE_CACHE);
      res.setHeader('ETag', validators.etag);
      if (validators.lastModified) res.setHeader('Last-Modified', validators.lastModified.toUTCString());
      const notebook = toNotebookView(result.page);
      res.setHeader('Content-Language', notebook.lang);
      if (!isIndexable) res.setHeader('X-Robots-Tag', 'noindex');
      if (!isWeChat && isNotModified(req.headers, validators)) {
        res.statusCode = 304;
        res.end();
        return { props: { kind: 'sent', siteName, lang: DEFAULT_LOCALE } };
      }
      const t = messagesFor(notebook.locale);
      const text: NotebookListingText = {
        count: t.notebook.notes(notebook.noteCount),
        pageOf: t.notebook.pageOf(notebook.page, notebook.pageCount),
        previous: t.notebook.previous,
        next: t.notebook.next,
        pagination: t.notebook.pagination,
        loadMore: t.notebook.loadMore,
        loading: t.notebook.loading,
        loadFailed: t.notebook.loadFailed,
        empty: t.notebook.empty,
        feed: t.notebook.feed,
      };
      const head = notebookHead(notebook, isIndexable);
      const props = {
        kind: 'ok' as const, notebook, text, nav: buildSiteNav(notebook.locale, null), siteName, lang: notebook.lang, head,
        searchText: searchFormText(notebook.locale),
      };
      return { props: isWeChat ? { ...props, ...(await weChatNotebookShare(req, res, head)) } : props };
    }
  }
}, () => ({ kind: 'unavailable', status: statusPageModel('unavailable', DEFAULT_LOCALE), siteName: siteConfig.siteName, lang: DEFAULT_LOCALE }));

function searchFormText(locale: NotebookView['locale']): NotebookSearchFormText {
  const s = searchMessagesFor(locale);
  return { label: s.label, placeholder: s.placeholder, submit: s.submit };
}

/**
 * `/nb/<id>?q=…`: a page of search results. Never indexed (noindex, canonical to the notebook),
 * kept only in the reader's browser, briefly: results must not outlive a revocation in a shared cache.
 */
async function searchProps(shareId: string, url: string, res: Parameters<GetServerSideProps>[0]['res']): Promise<GetServerSidePropsResult<Props>> {
  const siteName = siteConfig.siteName;
  const found = await resolveNotebookSearch(shareId, url);
  res.setHeader('X-Robots-Tag', 'noindex');
  switch (found.kind) {
    case 'not-found':
      res.setHeader('Cache-Control', ERROR_PAGE_CACHE);
      return { notFound: true };
    case 'redirect':
      return { redirect: { destination: found.location, statusCode: 301 } };
    case 'gone':
      res.statusCode = 410;
      res.setHeader('Cache-Control', ERROR_PAGE_CACHE);
      return { props: { kind: 'gone', status: statusPageModel('notebookGone', DEFAULT_LOCALE), siteName, lang: DEFAULT_LOCALE } };
    case 'ok': {
      res.setHeader('Cache-Control', SEARCH_PAGE_CACHE);
      const search = toNotebookSearchView(found.result);
      const s = searchMessagesFor(search.locale);
      const pageOf = s.pageOf(search.page, search.pageCount);
      const text: NotebookSearchResultsText = {
        heading: search.notebookName,
        summary: search.total > 0 ? s.results(search.query, search.total, search.isCapped) : s.none(search.query),
        pageOf, previous: s.previous, next: s.next, pagination: s.pagination, back: s.back,
      };
      const title = pageTitle(`${s.title(search.query, search.notebookName)}${search.page > 1 ? ` (${pageOf})` : ''}`, siteName);
      return { props: { kind: 'search', search, text, title, nav: buildSiteNav(search.locale, null), siteName, lang: search.lang, searchText: searchFormText(search.locale) } };
    }
  }
}

/** Search results: the reader's browser only (a shared copy could outlive a revocation), briefly. */
const SEARCH_PAGE_CACHE = 'private, max-age=60';

export default function NotebookPage(props: Props) {
  if (props.kind === 'sent') return null;
  if (props.kind === 'search') {
    const { search } = props;
    const form = <NotebookSearchForm action={search.formAction} query={search.query} text={props.searchText} maxLength={MAX_QUERY_CHARS} />;
    return (
      <SiteFrame siteName={props.siteName} nav={props.nav}>
        <PageHead title={props.title} description={props.text.summary} canonicalUrl={search.canonicalUrl} robots="noindex" />
        <NotebookSearchResults view={search} text={props.text} form={form} />
      </SiteFrame>
    );
  }
  if (props.kind !== 'ok') return <StatusPage siteName={props.siteName} {...props.status} />;
  const { notebook, text, head } = props;
  return (
    <SiteFrame siteName={props.siteName} nav={props.nav}>
      <PageHead {...head} />
      <NotebookListing notebook={notebook} text={text} feedHref={notebookFeedPath(notebook.shareId)}
        search={<NotebookSearchForm action={`/nb/${notebook.shareId}`} query="" text={props.searchText} maxLength={MAX_QUERY_CHARS} />} />
      {props.wxShare ? <WeChatShare data={props.wxShare} nonce={props.wxNonce ?? undefined} /> : null}
    </SiteFrame>
  );
}
