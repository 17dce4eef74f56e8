import { createHash } from 'node:crypto';
import { config } from '../config';
import { localePath, type Locale } from '../i18n/locales';
import { pageLinks } from '../seo/pagination';
import { getNoteStore } from './get-note-store';
import { parsePageParam, toNotebookEntry, type NotebookEntry } from './get-notebook-view';
import { notebookPath } from './slug';
import type { NotesPage, PublicNotebook } from './types';
import { pageValidators, type PageValidators } from './page-version';

/** One note of a listing, with the notebook it is filed in. */
export interface ListedNote extends NotebookEntry {
  notebook: string | null;
}

export interface ExploreView {
  page: number;
  pageCount: number;
  total: number;
  notes: ListedNote[];
  /** Public notebooks (first page only): the second way into the notes, by topic. */
  notebooks: Array<{ name: string; href: string; noteCount: number }>;
  /** Numbered page links (lib/seo/pagination.ts), locale-prefixed; the current page has no href. */
  pages: Array<{ page: number; href: string | null }>;
  previousHref: string | null;
  nextHref: string | null;
  /** Locale-free path of this page (`/explore?page=N`). */
  path: string;
}

/** Notebooks listed on /explore: a page of links, not an index of every notebook (the sitemap has them all). */
const EXPLORE_NOTEBOOKS = 100;

export type ExploreLookup = { kind: 'not-found' } | { kind: 'redirect'; location: string } | { kind: 'ok'; view: ExploreView; validators: PageValidators };

/** The locale-free path of page `page` of /explore (page 1 has no query, so each page has one URL). */
export function explorePath(page: number): string {
  return page > 1 ? `/explore?page=${page}` : '/explore';
}

/**
 * Resolves `/explore?page=N` in `locale`: a malformed page number or one past the end is not found;
 * any other spelling of a page's URL redirects to it (locale-free location).
 */
export async function resolveExplorePage(requestUrl: string, locale: Locale): Promise<ExploreLookup> {
  const url = new URL(requestUrl, 'http://localhost');
  const pages = url.searchParams.getAll('page');
  const page = parsePageParam(pages.length > 1 ? pages : (pages[0] ?? undefined));
  if (page === null) return { kind: 'not-found' };
  // Other spellings (extra or tracking parameters, page=1): the front redirects them before Next; this covers `next start`.
  if (`${url.pathname}${url.search}` !== explorePath(page)) return { kind: 'redirect', location: explorePath(page) };
  const store = await getNoteStore();
  const [listing, notebooks] = await Promise.all([
    store.getIndexableNotesPage(page, config.explorePageSize),
    page === 1 ? store.listIndexableNotebooks(EXPLORE_NOTEBOOKS) : Promise.resolve([]),
  ]);
  if (page > listing.pageCount) return { kind: 'not-found' };
  const view = toExploreView(listing, notebooks, locale);
  return { kind: 'ok', view, validators: exploreValidators(view, locale) };
}

function toExploreView(listing: NotesPage, notebooks: PublicNotebook[], locale: Locale): ExploreView {
  const { page, pageCount } = listing;
  const href = (p: number): string => localePath(explorePath(p), locale);
  return {
    page,
    pageCount,
    total: listing.total,
    notes: listing.notes.map((note) => ({ ...toNotebookEntry(note), notebook: note.notebook })),
    notebooks: notebooks.map((nb) => ({ name: nb.name, href: notebookPath(nb.shareId), noteCount: nb.noteCount })),
    pages: pageLinks(page, pageCount).map((p) => ({ page: p, href: p === page ? null : href(p) })),
    previousHref: page > 1 ? href(page - 1) : null,
    nextHref: page < pageCount ? href(page + 1) : null,
    path: explorePath(page),
  };
}

/**
 * The listing changes whenever a note is published, edited or revoked, and nothing cheaper than
 * the listing itself says so: its entity tag is a digest of what the page shows, plus the build.
 */
function exploreValidators(view: ExploreView, locale: Locale): PageValidators {
  const digest = createHash('sha1').update(JSON.stringify([locale, view.pageCount, view.total, view.notes, view.notebooks])).digest('base64url').slice(0, 20);
  // The render stamp as on note pages; no Last-Modified: the listing has no one change time.
  return { etag: pageValidators({ version: `x-${digest}`, changedAt: null, updated: null, created: null }).etag, lastModified: null };
}
