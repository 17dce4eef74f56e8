import { useSyncExternalStore, type ReactNode } from 'react';
import useSWRInfinite from 'swr/infinite';
import type { NotebookPageJson } from '@/lib/http/serve-notebook-json';
import type { NotebookEntry, NotebookView } from '@/lib/notes/get-notebook-view';

export interface NotebookListingText {
  count: string;
  pageOf: string;
  previous: string;
  next: string;
  pagination: string;
  loadMore: string;
  loading: string;
  loadFailed: string;
  empty: string;
}

async function fetchPage(url: string): Promise<NotebookPageJson> {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as NotebookPageJson;
}

const subscribeNothing = (): (() => void) => () => undefined;

/** False while rendering on the server (and without JavaScript), true once hydrated in a browser. */
function useIsHydrated(): boolean {
  return useSyncExternalStore(subscribeNothing, () => true, () => false);
}

/** Appends each entry once: a page can shift under us when a note is published meanwhile. */
function uniqueEntries(pages: NotebookEntry[][]): NotebookEntry[] {
  const seen = new Set<string>();
  return pages.flat().filter((entry) => !seen.has(entry.shareId) && Boolean(seen.add(entry.shareId)));
}

/**
 * The notes of one notebook page, with numbered page links that work without JavaScript, and in
 * the browser a "load more" button that appends the following pages in place (SWR infinite).
 */
export function NotebookListing({ notebook, text, search = null }: { notebook: NotebookView; text: NotebookListingText; search?: ReactNode }) {
  const isHydrated = useIsHydrated();
  const { data, error, size, setSize, isValidating, mutate } = useSWRInfinite<NotebookPageJson, Error>(
    (index, previous: NotebookPageJson | null) => {
      const page = notebook.page + index + 1;
      if ((previous && previous.nextPage === null) || page > notebook.pageCount) return null;
      return `${notebook.apiPath}?page=${page}`;
    },
    fetchPage,
    { initialSize: 0, revalidateFirstPage: false, revalidateOnFocus: false, revalidateOnReconnect: false, revalidateIfStale: false, shouldRetryOnError: false },
  );
  const loaded = data ?? [];
  const entries = uniqueEntries([notebook.notes, ...loaded.map((p) => p.notes)]);
  const last = loaded[loaded.length - 1];
  const hasMore = last ? last.nextPage !== null : notebook.nextHref !== null;
  const isLoading = isValidating && size > loaded.length;
  const loadMore = (): void => {
    // After a failed page, ask again for the same page rather than skipping past it.
    void (error ? mutate() : setSize(size + 1));
  };

  return (
    <section className="notebook" lang={notebook.lang}>
      <header className="notebook-header">
        <h1>{notebook.name}</h1>
        <p className="note-meta">{text.count}{notebook.pageCount > 1 ? ` · ${text.pageOf}` : ''}</p>
      </header>
      {search}
      {entries.length === 0 ? <p>{text.empty}</p> : (
        <ul className="note-list" data-testid="notebook-notes">
          {entries.map((note) => (
            <li key={note.shareId} lang={note.lang}>
              <a href={note.href}>{note.title}</a>
              {note.updated ? <span className="note-list-meta"><time dateTime={note.updated}>{note.updated.slice(0, 10)}</time></span> : null}
            </li>
          ))}
        </ul>
      )}
      <p className="load-more-status" role="status" aria-live="polite">
        {isLoading ? text.loading : error ? text.loadFailed : ''}
      </p>
      {isHydrated && hasMore ? (
        <p><button type="button" className="button" onClick={loadMore} disabled={isLoading}>{text.loadMore}</button></p>
      ) : null}
      {notebook.pageCount > 1 ? (
        <nav className="pagination" aria-label={text.pagination}>
          {notebook.previousHref ? <a rel="prev" href={notebook.previousHref}>← {text.previous}</a> : null}
          <span>{text.pageOf}</span>
          {notebook.nextHref ? <a rel="next" href={notebook.nextHref}>{text.next} →</a> : null}
        </nav>
      ) : null}
    </section>
  );
}
