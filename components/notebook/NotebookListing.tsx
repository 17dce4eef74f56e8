import type { ReactNode } from 'react';
import type { NotebookView } from '@/lib/notes/get-notebook-view';
import { Pagination } from '../Pagination';

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
  feed: string;
}

/**
 * The notes of one notebook page, with numbered page links that work without JavaScript. In the
 * browser, public/notebook.js (the page's only script, a few hundred bytes) reveals "Load more",
 * which appends the following pages in place from /api/nb/<id>?page=N: no framework runtime, no
 * hydration, so the page costs what a static page costs.
 */
export function NotebookListing({ notebook, text, feedHref, search = null }: { notebook: NotebookView; text: NotebookListingText; feedHref: string; search?: ReactNode }) {
  return (
    <section className="notebook" lang={notebook.lang}>
      <header className="notebook-header">
        <h1>{notebook.name}</h1>
        <p className="note-meta">{text.count}{notebook.pageCount > 1 ? ` · ${text.pageOf}` : ''} · <a className="feed-link" href={feedHref}>{text.feed}</a></p>
      </header>
      {search}
      {notebook.notes.length === 0 ? <p>{text.empty}</p> : (
        <ul className="note-list" data-testid="notebook-notes">
          {notebook.notes.map((note) => (
            <li key={note.shareId} lang={note.lang}>
              <a href={note.href}>{note.title}</a>
              {note.updated ? <span className="note-list-meta"><time dateTime={note.updated}>{note.updated.slice(0, 10)}</time></span> : null}
            </li>
          ))}
        </ul>
      )}
      <p className="load-more-status" role="status" aria-live="polite" data-loading={text.loading} data-failed={text.loadFailed}></p>
      {notebook.nextHref ? (
        <p><button type="button" className="button load-more" hidden data-api={notebook.apiPath} data-next-page={notebook.page + 1}>{text.loadMore}</button></p>
      ) : null}
      {notebook.pageCount > 1 ? (
        <Pagination label={text.pagination} pageOf={text.pageOf} pages={notebook.pages}
          previous={{ href: notebook.previousHref, label: text.previous }} next={{ href: notebook.nextHref, label: text.next }} />
      ) : null}
    </section>
  );
}
