import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ParsedUrlQuery } from 'node:querystring';
import type { GetServerSideProps, GetServerSidePropsContext } from 'next';
import type { ReactElement } from 'react';
import ExplorePage, { getServerSideProps as exploreProps } from '@/pages/explore';
import NotebookPage, { getServerSideProps as notebookProps } from '@/pages/nb/[notebookShareId]';
import notebookFeedRoute from '@/pages/api/feeds/nb/[shareId]';
import siteFeedRoute from '@/pages/api/feeds/notes';
import robotsRoute from '@/pages/api/robots';
import sitemapShardRoute from '@/pages/api/sitemap/[shard]';
import sitemapIndexRoute from '@/pages/api/sitemap';
import { config } from '@/lib/config';
import { noteTemplate } from '@/lib/http/note-page-cache';
import { fillTemplate, type PageTemplate } from '@/lib/http/page-template';
import { allowPageScript, pageScript } from '@/lib/http/script-nonce';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { log } from '@/lib/log';
import { wantsWeChatVariant } from '@/lib/wechat/wechat-request';
import { renderPageParts, withPageScript } from './page-parts';

/**
 * The routes a new instance is asked for first besides notes, answered before Next.js has loaded
 * (loading Next is most of a cold start): /explore, public notebooks (and their search results),
 * sitemaps, feeds and robots.txt. Each runs the route's own code from pages/ (getServerSideProps
 * and the page component, or the API route's handler), as Next would run it, and pages are
 * rendered into the note page's template (server/page-parts.tsx). What this does not handle
 * exactly as Next (a redirect, a 404 or 410 page, a 503 page, the WeChat variant, a locale or
 * query Next would route otherwise, an error before anything was sent) is handed to Next
 * untouched: status and headers are put back as they were.
 */

type Answer = boolean | Promise<boolean>;
type ApiRoute = (req: never, res: never) => unknown;

/** Rewrites of next.config.js to API routes, with the query Next gives the route. Query strings go to Next. */
const API_ROUTES: Array<[RegExp, ApiRoute, (match: RegExpExecArray) => ParsedUrlQuery]> = [
  [/^\/robots\.txt$/, robotsRoute, () => ({})],
  [/^\/sitemap\.xml$/, sitemapIndexRoute, () => ({})],
  [/^\/sitemaps\/(pages|notebooks)\.xml$/, sitemapShardRoute, (m) => ({ shard: m[1] })],
  [/^\/sitemaps\/notes-(\d{1,9})\.xml$/, sitemapShardRoute, (m) => ({ shard: m[1] })],
  [/^\/feeds\/notes\.xml$/, siteFeedRoute, () => ({})],
  [/^\/feeds\/nb\/([A-Za-z0-9_-]{1,64})\.xml$/, notebookFeedRoute, (m) => ({ shareId: m[1] })],
];

const EXPLORE = /^(?:\/(en))?\/explore(\?.*)?$/;
const NOTEBOOK = /^\/nb\/([A-Za-z0-9_-]{22})(?:\?.*)?$/;
/** pages/_document.tsx adds this page's script (lib/http/script-nonce.ts). */
const NOTEBOOK_PAGE = '/nb/[notebookShareId]';

/** True when answered here; false (or a promise of it) when Next must answer. */
export function answerEarlyRoute(req: IncomingMessage, res: ServerResponse): Answer {
  if (!config.noteRenderOutsideNext || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const url = req.url ?? '/';
  for (const [pattern, route, query] of API_ROUTES) {
    const match = pattern.exec(url);
    if (match) return guarded(req, res, async () => {
      (req as IncomingMessage & { query?: ParsedUrlQuery }).query = query(match);
      await route(req as never, res as never);
      return true;
    });
  }
  const template = noteTemplate();
  if (!template) return false;
  const explore = EXPLORE.exec(url);
  if (explore) {
    const locale: Locale = explore[1] === 'en' ? 'en' : DEFAULT_LOCALE;
    // As Next hands it to the page: without the locale prefix.
    return guarded(req, res, () => answerPage(req, res, exploreProps, ExplorePage, template, { locale, url: `/explore${explore[2] ?? ''}`, params: {} }));
  }
  const notebook = NOTEBOOK.exec(url);
  if (notebook && !wantsWeChatVariant(req)) {
    const script = pageScript(NOTEBOOK_PAGE);
    const scripted = script ? withPageScript(template, `${config.assetPrefix}${script}`) : template;
    if (!scripted) return false;
    return guarded(req, res, () => answerPage(req, res, notebookProps, NotebookPage, scripted, { locale: DEFAULT_LOCALE, url, params: { notebookShareId: notebook[1] as string }, page: NOTEBOOK_PAGE }));
  }
  return false;
}

/** The head of a response as it stood before a route touched it, to put back when Next must answer. */
function saveHead(req: IncomingMessage, res: ServerResponse): () => void {
  const url = req.url;
  const status = res.statusCode;
  const headers = res.getHeaders();
  return () => {
    req.url = url;
    res.statusCode = status;
    for (const name of res.getHeaderNames()) if (!(name in headers)) res.removeHeader(name);
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  };
}

/** Runs `answer`; when it declines or fails before sending anything, the response is as it was and Next answers. */
async function guarded(req: IncomingMessage, res: ServerResponse, answer: () => Promise<boolean>): Promise<boolean> {
  const restore = saveHead(req, res);
  try {
    if (await answer()) return true;
  } catch (error) {
    if (res.headersSent) throw error;
    log.warn('route outside Next failed before answering: Next answers it', { url: req.url, error });
  }
  if (res.headersSent) return true;
  restore();
  return false;
}

interface PageRequest {
  locale: Locale;
  /** `req.url` as Next gives it to the page. */
  url: string;
  params: Record<string, string>;
  /** The route (as `ctx.pathname` in pages/_document.tsx), for a page with a script. */
  page?: string;
}

type PageProps = { kind: string; lang: string };

/**
 * Runs a page's getServerSideProps as Next does, and renders its content (`ok` or search results)
 * into the template. Anything else is Next's: a 304 the page sent itself counts as answered.
 */
async function answerPage<P extends PageProps>(req: IncomingMessage, res: ServerResponse, getProps: GetServerSideProps<P>, Page: (props: P) => ReactElement | null,
  template: PageTemplate, request: PageRequest): Promise<boolean> {
  const originalUrl = req.url;
  req.url = request.url;
  const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const context = {
    req, res, params: request.params, query: { ...Object.fromEntries(new URLSearchParams(search)), ...request.params },
    resolvedUrl: request.url, locale: request.locale, locales: ['zh-CN', 'en'], defaultLocale: DEFAULT_LOCALE,
  } as unknown as GetServerSidePropsContext;
  const result = await getProps(context);
  req.url = originalUrl;
  if (res.writableEnded) return true;
  if (!('props' in result)) return false;
  const props = await result.props;
  if (props.kind !== 'ok' && props.kind !== 'search') return false;
  // The document opens the page's CSP to its script (pages/_document.tsx); a nonce is the WeChat variant's, which is Next's.
  if (request.page && allowPageScript(request.page, req, res, config) !== undefined) return false;
  const body = Buffer.from(fillTemplate(template, renderPageParts(<Page {...props} />, props.lang)));
  res.setHeader('Content-Type', String(template.headers['content-type'] ?? 'text/html; charset=utf-8'));
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
