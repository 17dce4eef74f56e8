import type { NotebookSearchView } from '@/lib/notes/get-notebook-search-view';
import type { SnippetSegment } from '@/lib/notes/search/snippet';
import type { ReactNode } from 'react';

export interface NotebookSearchResultsText {
  heading: string;
  summary: string;
  pageOf: string;
  previous: string;
  next: string;
  pagination: string;
  back: string;
}

/** Text with the searched words in <mark>; every run is a React text node, so note text stays text. */
function Highlighted({ segments }: { segments: SnippetSegment[] }) {
  return <>{segments.map((s, i) => (s.isMatch ? <mark key={i}>{s.text}</mark> : s.text))}</>;
}

/** One page of search results inside a notebook, with numbered pages that work without JavaScript. */
export function NotebookSearchResults({ view, text, form }: { view: NotebookSearchView; text: NotebookSearchResultsText; form: ReactNode }) {
  return (
    <section className="notebook notebook-search-results" lang={view.lang}>
      <header className="notebook-header">
        <p className="note-meta"><a href={view.notebookHref}>← {text.back}</a></p>
        <h1>{view.notebookName}</h1>
      </header>
      {form}
      <p className="note-meta" role="status">{text.summary}</p>
      {view.hits.length > 0 ? (
        <ol className="note-list search-hits" data-testid="search-hits">
          {view.hits.map((hit) => (
            <li key={hit.shareId} lang={hit.lang}>
              <a href={hit.href}><Highlighted segments={hit.title} /></a>
              {hit.snippet.length > 0 ? <p className="search-snippet"><Highlighted segments={hit.snippet} /></p> : null}
              {hit.updated ? <span className="note-list-meta"><time dateTime={hit.updated}>{hit.updated.slice(0, 10)}</time></span> : null}
            </li>
          ))}
        </ol>
      ) : null}
      {view.pageCount > 1 ? (
        <nav className="pagination" aria-label={text.pagination}>
          {view.previousHref ? <a rel="prev" href={view.previousHref}>← {text.previous}</a> : null}
          <span>{text.pageOf}</span>
          {view.nextHref ? <a rel="next" href={view.nextHref}>{text.next} →</a> : null}
        </nav>
      ) : null}
    </section>
  );
}
