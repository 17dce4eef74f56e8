/**
 * Which page numbers a listing page links to. Pages come in blocks of about √N: every page links
 * to all pages of its own block and to the first page of every block, so any page is at most two
 * clicks from any other (page 1 → the block's first page → the page) with about 2√N links per page
 * (28 for 200 pages), and a crawler reaches every note of a 10,000-note site within four clicks
 * of the home page (home → page 1 → block → page → note).
 */
export function pageLinks(current: number, pageCount: number): number[] {
  if (pageCount <= 1) return [];
  const block = Math.max(1, Math.ceil(Math.sqrt(pageCount)));
  const start = Math.floor((current - 1) / block) * block + 1;
  const pages = new Set<number>();
  for (let p = 1; p <= pageCount; p += block) pages.add(p);
  for (let p = start; p < start + block && p <= pageCount; p += 1) pages.add(p);
  pages.add(pageCount);
  return [...pages].sort((a, b) => a - b);
}
