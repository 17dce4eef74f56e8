/**
 * URL allow-listing for note content. Every href/src from a note goes through here; anything
 * that does not parse as an absolute URL with an allowed scheme is dropped. The WHATWG parser
 * strips tabs/newlines and lower-cases the scheme, so "java\tscript:" and "JAVASCRIPT:" are
 * caught, and we return the parser's serialisation so the browser sees exactly what we checked.
 */

const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const IMAGE_DATA_URI = /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i;
/** Inline data: images larger than this are dropped: they bloat the page and every crawler fetch. */
const MAX_DATA_URI_LENGTH = 256 * 1024;

function parseAbsolute(raw: string): URL | null {
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed.length > 8192) return null;
  try {
    return new URL(trimmed);
  } catch {
    return null;
  }
}

/** An href safe to put in `<a href>`, or null to render the link text without a link. */
export function safeLinkHref(raw: string): string | null {
  const url = parseAbsolute(raw);
  if (!url || !LINK_SCHEMES.has(url.protocol)) return null;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '') return null;
  return url.href;
}

export type ImageSource =
  | { kind: 'inline'; src: string }
  | { kind: 'external'; href: string };

/**
 * `<img src>` from web clips. Raster data: URIs are kept inline (no request leaves the page);
 * http(s) images are not loaded from third-party hosts (tracking pixels, mixed content, hotlink
 * breakage) but offered as a link. SVG data URIs can carry script and are dropped.
 */
export function classifyImageSource(raw: string): ImageSource | null {
  const value = raw.trim();
  if (/^data:/i.test(value)) {
    if (value.length > MAX_DATA_URI_LENGTH || !IMAGE_DATA_URI.test(value)) return null;
    return { kind: 'inline', src: value.replace(/\s+/g, '') };
  }
  const url = parseAbsolute(value);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  return { kind: 'external', href: url.href };
}
