export interface PaginationProps {
  label: string;
  pageOf: string;
  previous: { href: string | null; label: string };
  next: { href: string | null; label: string };
  /** Numbered links (lib/seo/pagination.ts); the current page has no href. */
  pages: Array<{ page: number; href: string | null }>;
}

/** Numbered page links that work without JavaScript: how crawlers reach every page of a listing. */
export function Pagination({ label, pageOf, previous, next, pages }: PaginationProps) {
  return (
    <nav className="pagination" aria-label={label}>
      {previous.href ? <a rel="prev" href={previous.href}>← {previous.label}</a> : null}
      <ol className="page-numbers">
        {pages.map(({ page, href }) => (
          <li key={page}>{href ? <a href={href}>{page}</a> : <span aria-current="page">{page}</span>}</li>
        ))}
      </ol>
      <span className="visually-hidden">{pageOf}</span>
      {next.href ? <a rel="next" href={next.href}>{next.label} →</a> : null}
    </nav>
  );
}
