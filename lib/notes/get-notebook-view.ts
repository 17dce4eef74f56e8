import { config } from '../config';
import { pageLanguage } from '../enml/detect-language';
import { notebookOgImagePath } from '../og/og-image-path';
import { pageLinks } from '../seo/pagination';
import { pageValidators, type PageValidators } from './page-version';
import { uiLocaleFor, type Locale } from '../i18n/locales';
import { getNoteStore } from './get-note-store';
import { isShareId } from './share-id';
import { notebookPath, notePath } from './slug';
import type { NotebookPage, NoteSummary } from './types';

/** One note in a notebook listing, as the page and the JSON API both send it. */
export interface NotebookEntry {
  shareId: string;
  title: string;
  href: string;
  updated: string | null;
  lang: string;
}

export interface NotebookView {
  shareId: string;
  name: string;
  noteCount: number;
  updated: string | null;
  page: number;
  pageCount: number;
  notes: NotebookEntry[];
  canonicalUrl: string;
  previousHref: string | null;
  nextHref: string | null;
  /** Numbered page links (lib/seo/pagination.ts); the current page has no href. */
  pages: Array<{ page: number; href: string | null }>;
  /** JSON of page N, for the browser's "load more". */
  apiPath: string;
  /** The notebook's 1200x630 card (og:image). */
  ogImage: string;
  /** Chrome language: the language most notes on the page are in. */
  locale: Locale;
  lang: string;
}

export type NotebookLookup =
  | { kind: 'not-found' }
  | { kind: 'gone' }
  | { kind: 'redirect'; location: string }
  | { kind: 'ok'; page: NotebookPage };

/** Pages are small positive integers written without leading zeros; page 1 has no parameter. */
const PAGE = /^[1-9][0-9]{0,5}$/;

/** The page number a `?page=` value asks for, or null for a value no listing page answers to. */
export function parsePageParam(value: string | string[] | undefined): number | null {
  if (value === undefined) return 1;
  return typeof value === 'string' && PAGE.test(value) ? Number(value) : null;
}

/**
 * Resolves `/nb/<id>?page=N`: unknown id, bad or out-of-range page -> not-found; revoked ->
 * gone; any other spelling of the URL (page=1, extra or tracking parameters) -> redirect.
 */
export async function resolveNotebook(shareId: string, requestUrl: string): Promise<NotebookLookup> {
  if (!isShareId(shareId)) return { kind: 'not-found' };
  const url = new URL(requestUrl, 'http://localhost');
  const pages = url.searchParams.getAll('page');
  const page = parsePageParam(pages.length > 1 ? pages : (pages[0] ?? undefined));
  if (page === null) return { kind: 'not-found' };
  const store = await getNoteStore();
  const found = await store.getPublicNotebook(shareId, page, config.notebookPageSize);
  if (!found) return { kind: 'not-found' };
  if (found.notebook.state === 'revoked') return { kind: 'gone' };
  if (page > found.pageCount) return { kind: 'not-found' };
  const canonical = notebookPath(shareId, page);
  if (`${url.pathname}${url.search}` !== canonical) return { kind: 'redirect', location: canonical };
  return { kind: 'ok', page: found };
}

export function toNotebookEntry(note: NoteSummary): NotebookEntry {
  const title = note.title || 'Untitled';
  return { shareId: note.shareId, title, href: notePath(note.shareId, title), updated: note.updated, lang: pageLanguage(note.lang, title, config.defaultLocale) };
}

function dominantLang(notes: NotebookEntry[], name: string): string {
  const counts = new Map<string, number>();
  for (const n of notes) counts.set(n.lang, (counts.get(n.lang) ?? 0) + 1);
  // An empty page: the notebook's name is the only text there is.
  let best = pageLanguage('und', name, config.defaultLocale);
  let most = 0;
  for (const [lang, count] of counts) if (count > most) [best, most] = [lang, count];
  return best;
}

export function toNotebookView({ notebook, notes, page, pageCount }: NotebookPage): NotebookView {
  const entries = notes.map(toNotebookEntry);
  const lang = dominantLang(entries, notebook.name);
  return {
    shareId: notebook.shareId,
    name: notebook.name,
    noteCount: notebook.noteCount,
    updated: notebook.updated,
    page,
    pageCount,
    notes: entries,
    canonicalUrl: `${config.siteUrl}${notebookPath(notebook.shareId, page)}`,
    previousHref: page > 1 ? notebookPath(notebook.shareId, page - 1) : null,
    nextHref: page < pageCount ? notebookPath(notebook.shareId, page + 1) : null,
    pages: pageLinks(page, pageCount).map((p) => ({ page: p, href: p === page ? null : notebookPath(notebook.shareId, p) })),
    apiPath: `/api/nb/${notebook.shareId}`,
    ogImage: notebookOgImagePath(notebook),
    locale: uiLocaleFor(lang),
    lang,
  };
}

/** Validators of a listing page: the notebook's version plus the render stamp, like note pages (lib/notes/page-version.ts). */
export function notebookValidators(page: NotebookPage): PageValidators {
  const { etag, lastModified } = pageValidators({ version: `nb-${page.notebook.version}-${page.page}.${config.notebookPageSize}`, changedAt: page.notebook.updated, updated: null, created: null });
  return { etag, lastModified };
}
