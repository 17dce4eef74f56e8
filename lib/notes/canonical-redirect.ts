/**
 * Query parameters that only track where a click came from (campaign tags, ad click ids, and the
 * ones WeChat and Baidu append to shared links). They never change a page, so URLs carrying them
 * are redirected to the clean URL instead of splitting crawl signals across duplicates.
 */
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_hsenc|_hsmi|spm|from|isappinstalled|scene|clicktime|enterid|share_source|share_medium|bd_vid|wxfrom|ref_src)$/i;

/**
 * Where to send a request whose URL is not the canonical one: a different path (slug, trailing
 * slash, letter case, encoding) or tracking parameters. Null when the URL is already canonical.
 * `canonicalPath` is percent-encoded, as it appears in links.
 */
export function canonicalRedirect(requestUrl: string, canonicalPath: string): string | null {
  const url = new URL(requestUrl, 'http://localhost');
  const kept = new URLSearchParams();
  let dropped = false;
  for (const [name, value] of url.searchParams) {
    if (TRACKING.test(name)) dropped = true;
    else kept.append(name, value);
  }
  if (url.pathname === canonicalPath && !dropped) return null;
  const query = kept.toString();
  return query ? `${canonicalPath}?${query}` : canonicalPath;
}
