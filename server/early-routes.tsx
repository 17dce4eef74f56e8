import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ParsedUrlQuery } from 'node:querystring';
import { config } from '@/lib/config';
import { noteTemplate } from '@/lib/http/note-page-cache';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { log } from '@/lib/log';
import { wantsWeChatVariant } from '@/lib/wechat/wechat-request';
import type { PageRequest } from './early-pages';

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
type ApiRoute = () => Promise<{ default: (req: never, res: never) => unknown }>;

/**
 * Rewrites of next.config.js to API routes, with the query Next gives the route. Query strings go
 * to Next. Each route's code (and the pages' renderer, below) loads when first asked for.
 */
const API_ROUTES: Array<[RegExp, ApiRoute, (match: RegExpExecArray) => ParsedUrlQuery]> = [
  [/^\/robots\.txt$/, () => import('@/pages/api/robots'), () => ({})],
  [/^\/sitemap\.xml$/, () => import('@/pages/api/sitemap'), () => ({})],
  [/^\/sitemaps\/(pages|notebooks)\.xml$/, () => import('@/pages/api/sitemap/[shard]'), (m) => ({ shard: m[1] })],
  [/^\/sitemaps\/notes-(\d{1,9})\.xml$/, () => import('@/pages/api/sitemap/[shard]'), (m) => ({ shard: m[1] })],
  [/^\/feeds\/notes\.xml$/, () => import('@/pages/api/feeds/notes'), () => ({})],
  [/^\/feeds\/nb\/([A-Za-z0-9_-]{1,64})\.xml$/, () => import('@/pages/api/feeds/nb/[shareId]'), (m) => ({ shareId: m[1] })],
];

const EXPLORE = /^(?:\/(en))?\/explore(\?.*)?$/;
const NOTEBOOK = /^\/nb\/([A-Za-z0-9_-]{22})(?:\?.*)?$/;

/** True when answered here; false (or a promise of it) when Next must answer. */
export function answerEarlyRoute(req: IncomingMessage, res: ServerResponse): Answer {
  if (!config.noteRenderOutsideNext || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const url = req.url ?? '/';
  for (const [pattern, route, query] of API_ROUTES) {
    const match = pattern.exec(url);
    if (match) return guarded(req, res, async () => {
      const handler = (await route()).default;
      (req as IncomingMessage & { query?: ParsedUrlQuery }).query = query(match);
      await handler(req as never, res as never);
      return true;
    });
  }
  const template = noteTemplate();
  if (!template || !isPlainQuery(url)) return false;
  const explore = EXPLORE.exec(url);
  if (explore) {
    const locale: Locale = explore[1] === 'en' ? 'en' : DEFAULT_LOCALE;
    // As Next hands it to the page: without the locale prefix.
    return guarded(req, res, async () => (await import('./early-pages')).answerExplore(req, res, template, { locale, url: `/explore${explore[2] ?? ''}`, params: {} }));
  }
  const notebook = NOTEBOOK.exec(url);
  if (notebook && !wantsWeChatVariant(req)) {
    const request: PageRequest = { locale: DEFAULT_LOCALE, url, params: { notebookShareId: notebook[1] as string } };
    return guarded(req, res, async () => (await import('./early-pages')).answerNotebook(req, res, template, request));
  }
  return false;
}

/**
 * Whether the query reads the same once re-serialized: Next hands pages a re-encoded `req.url`
 * (`?q=alert(1)` reaches the page as `?q=alert%281%29`), and the pages compare the URL with their
 * canonical spelling. Queries spelt otherwise go to Next, which redirects or answers them itself.
 */
function isPlainQuery(url: string): boolean {
  const at = url.indexOf('?');
  if (at < 0) return true;
  const query = url.slice(at + 1);
  return new URLSearchParams(query).toString() === query;
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
