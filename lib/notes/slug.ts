/**
 * URL slug from a note title. Letters and digits of every script are kept (a Chinese title gives
 * a Chinese slug, which Baidu and Google show decoded); everything else becomes a hyphen.
 */
export function slugify(title: string, maxLength = 60): string {
  const slug = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const cut = Array.from(slug).slice(0, maxLength).join('').replace(/-+$/, '');
  return cut === '' ? 'note' : cut;
}

export function notePath(shareId: string, title: string): string {
  return `/s/${shareId}/${encodeURIComponent(slugify(title))}`;
}

/** A public notebook's URL; page 1 has no query, so each listing page has exactly one URL. */
export function notebookPath(shareId: string, page = 1): string {
  return page > 1 ? `/nb/${shareId}?page=${page}` : `/nb/${shareId}`;
}
