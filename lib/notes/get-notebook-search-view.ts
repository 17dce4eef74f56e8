import { config } from '../config';
import { uiLocaleFor, type Locale } from '../i18n/locales';
import { getNoteStore } from './get-note-store';
import { parsePageParam } from './get-notebook-view';
import { isShareId } from './share-id';
import { highlightSegments, type SnippetSegment } from './search/snippet';
import { MAX_SEARCH_RESULTS, normalizeQuery } from './search/search-terms';
import { notebookPath, notePath } from './slug';
import type { NotebookSearchPage } from './types';

/** Results per search page: enough to scan, few enough to keep each search cheap. */
export const SEARCH_PAGE_SIZE = 10;
/** Result pages a search answers (the store counts at most MAX_SEARCH_RESULTS matches). */
const MAX_SEARCH_PAGE = Math.ceil(MAX_SEARCH_RESULTS / SEARCH_PAGE_SIZE);

export interface SearchHitView {
  shareId: string;
  href: string;
  title: SnippetSegment[];
  snippet: SnippetSegment[];
  updated: string | null;
  lang: string;
}

/** A page of search results: plain data; highlighted runs are text, escaped by React. */
export interface NotebookSearchView {
  notebookName: string;
  notebookHref: string;
  /** Result pages are not indexed; they name the notebook as canonical. */
  canonicalUrl: string;
  formAction: string;
  query: string;
  total: number;
  isCapped: boolean;
  page: number;
  pageCount: number;
  previousHref: string | null;
  nextHref: string | null;
  hits: SearchHitView[];
  locale: Locale;
  lang: string;
}

export type NotebookSearchLookup =
  | { kind: 'not-found' }
  | { kind: 'gone' }
  | { kind: 'redirect'; location: string }
  | { kind: 'ok'; result: NotebookSearchPage };

/** A search URL: `/nb/<id>?q=<query>` plus `&page=N` past the first page. */
export function notebookSearchPath(shareId: string, query: string, page = 1): string {
  const params = new URLSearchParams({ q: query });
  if (page > 1) params.set('page', String(page));
  return `/nb/${shareId}?${params.toString()}`;
}

/** True when a notebook URL asks for a search (has a `q` parameter, even an empty one). */
export function isSearchUrl(requestUrl: string): boolean {
  return new URL(requestUrl, 'http://localhost').searchParams.has('q');
}

/**
 * Resolves `/nb/<id>?q=…&page=N`: an empty query goes back to the notebook; any other spelling
 * of the URL (spacing, width, extra parameters, page=1) redirects to the one canonical search URL;
 * a page past the results is not found. The query is bounded before it reaches the store.
 */
export async function resolveNotebookSearch(shareId: string, requestUrl: string): Promise<NotebookSearchLookup> {
  if (!isShareId(shareId)) return { kind: 'not-found' };
  const url = new URL(requestUrl, 'http://localhost');
  const query = normalizeQuery(url.searchParams.get('q') ?? '');
  const pages = url.searchParams.getAll('page');
  const page = parsePageParam(pages.length > 1 ? pages : (pages[0] ?? undefined));
  if (page === null || page > MAX_SEARCH_PAGE) return { kind: 'not-found' };
  if (query === '') return { kind: 'redirect', location: notebookPath(shareId) };
  const store = await getNoteStore();
  const result = await store.searchNotebook(shareId, query, page, SEARCH_PAGE_SIZE);
  if (!result) return { kind: 'not-found' };
  if (result.notebook.state === 'revoked') return { kind: 'gone' };
  if (page > result.pageCount) return { kind: 'not-found' };
  const canonical = notebookSearchPath(shareId, query, page);
  if (`${url.pathname}${url.search}` !== canonical) return { kind: 'redirect', location: canonical };
  return { kind: 'ok', result };
}

export function toNotebookSearchView(result: NotebookSearchPage): NotebookSearchView {
  const { notebook, query, page, pageCount } = result;
  const lang = result.hits[0]?.lang && result.hits[0].lang !== 'und' ? result.hits[0].lang : config.defaultLocale;
  return {
    notebookName: notebook.name,
    notebookHref: notebookPath(notebook.shareId),
    canonicalUrl: `${config.siteUrl}${notebookPath(notebook.shareId)}`,
    formAction: `/nb/${notebook.shareId}`,
    query,
    total: result.total,
    isCapped: result.total >= MAX_SEARCH_RESULTS,
    page,
    pageCount,
    previousHref: page > 1 ? notebookSearchPath(notebook.shareId, query, page - 1) : null,
    nextHref: page < pageCount ? notebookSearchPath(notebook.shareId, query, page + 1) : null,
    hits: result.hits.map((hit) => {
      const title = hit.title || 'Untitled';
      return { shareId: hit.shareId, href: notePath(hit.shareId, title), title: highlightSegments(title, query), snippet: highlightSegments(hit.snippet, query), updated: hit.updated, lang: hit.lang };
    }),
    locale: uiLocaleFor(lang),
    lang,
  };
}
