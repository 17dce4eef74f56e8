import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GetServerSideProps, GetServerSidePropsContext } from 'next';
import type { ReactElement } from 'react';
import ExplorePage, { getServerSideProps as exploreProps } from '@/pages/explore';
import NotebookPage, { getServerSideProps as notebookProps } from '@/pages/nb/[notebookShareId]';
import { config } from '@/lib/config';
import { fillTemplate, type PageTemplate } from '@/lib/http/page-template';
import { allowPageScript, pageScript } from '@/lib/http/script-nonce';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { renderPageParts, withPageScript } from './page-parts';

/**
 * The listing pages of the early routes (server/early-routes.tsx), loaded with the first of them:
 * the page's getServerSideProps run as Next runs it, its component rendered into the template.
 */

export interface PageRequest {
  locale: Locale;
  /** `req.url` as Next gives it to the page. */
  url: string;
  params: Record<string, string>;
}

/** pages/_document.tsx adds this page's script (lib/http/script-nonce.ts). */
const NOTEBOOK_PAGE = '/nb/[notebookShareId]';

export function answerExplore(req: IncomingMessage, res: ServerResponse, template: PageTemplate, request: PageRequest): Promise<boolean> {
  return answerPage(req, res, exploreProps, ExplorePage, template, request);
}

export function answerNotebook(req: IncomingMessage, res: ServerResponse, template: PageTemplate, request: PageRequest): Promise<boolean> {
  const script = pageScript(NOTEBOOK_PAGE);
  const scripted = script ? withPageScript(template, `${config.assetPrefix}${script}`) : template;
  if (!scripted) return Promise.resolve(false);
  return answerPage(req, res, notebookProps, NotebookPage, scripted, request, NOTEBOOK_PAGE);
}

type PageProps = { kind: string; lang: string };

/**
 * Runs a page's getServerSideProps as Next does, and renders its content (`ok` or search results)
 * or its own status page (`gone`, `unavailable`) into the template. Anything else (Next's 404 page,
 * redirects) is Next's: a 304 the page sent itself counts as answered.
 * `page`: the route (as `ctx.pathname` in pages/_document.tsx), for a page with a script.
 */
async function answerPage<P extends PageProps>(req: IncomingMessage, res: ServerResponse, getProps: GetServerSideProps<P>, Page: (props: P) => ReactElement | null,
  template: PageTemplate, request: PageRequest, page?: string): Promise<boolean> {
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
  // Content, and the status pages the route renders itself (410, 503: answering those here saves
  // the store a second call, and an unavailable store a second round of retries, through Next).
  if (props.kind !== 'ok' && props.kind !== 'search' && props.kind !== 'gone' && props.kind !== 'unavailable') return false;
  // The document opens the page's CSP to its script (pages/_document.tsx); a nonce is the WeChat variant's, which is Next's.
  if (page && allowPageScript(page, req, res, config) !== undefined) return false;
  const body = Buffer.from(fillTemplate(template, renderPageParts(<Page {...props} />, props.lang)));
  res.setHeader('Content-Type', String(template.headers['content-type'] ?? 'text/html; charset=utf-8'));
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
