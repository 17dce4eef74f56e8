/**
 * Bytes of a slug as it appears in URLs (percent-encoded). A Chinese character encodes to 9 bytes
 * (3 UTF-8 bytes, each `%XX`): 60 of them made URLs of ~550 characters, past what Baidu and many
 * share sheets handle well. 96 bytes keeps 10 Chinese characters or a 60-character Latin slug.
 */
export const SLUG_MAX_BYTES = 96;

/**
 * URL slug from a note title. Letters and digits of every script are kept (a Chinese title gives
 * a Chinese slug, which Baidu and Google show decoded); everything else becomes a hyphen. Cut at
 * `maxLength` characters or `maxBytes` percent-encoded bytes, whichever comes first.
 */
export function slugify(title: string, maxLength = 60, maxBytes = SLUG_MAX_BYTES): string {
  const slug = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  let cut = '';
  let bytes = 0;
  let chars = 0;
  let isCut = false;
  for (const char of slug) {
    bytes += encodeURIComponent(char).length;
    chars += 1;
    if (chars > maxLength || bytes > maxBytes) {
      isCut = true;
      break;
    }
    cut += char;
  }
  // A cut slug ends at a word boundary when one is near the end.
  const hyphen = cut.lastIndexOf('-');
  if (isCut && hyphen > cut.length * 0.6) cut = cut.slice(0, hyphen);
  cut = cut.replace(/-+$/, '');
  return cut === '' ? 'note' : cut;
}

export function notePath(shareId: string, title: string): string {
  return `/s/${shareId}/${encodeURIComponent(slugify(title))}`;
}

/** A public notebook's URL; page 1 has no query, so each listing page has exactly one URL. */
export function notebookPath(shareId: string, page = 1): string {
  return page > 1 ? `/nb/${shareId}?page=${page}` : `/nb/${shareId}`;
}
