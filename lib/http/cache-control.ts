/**
 * Cache-Control values, tuned for a CDN in front of the function. Browsers revalidate note pages
 * soon (max-age) so edits show up; the CDN keeps them longer (s-maxage) and may serve a stale copy
 * while refetching or while the origin is failing, so crawler bursts rarely reach the function.
 */
/**
 * `no-transform`: transcoding proxies (Baidu's for mobile among them) must not rewrite the page; the
 * origin picks the content coding itself (lib/http/compression.js).
 */
export const NOTE_PAGE_CACHE = 'public, max-age=60, s-maxage=300, stale-while-revalidate=60, stale-if-error=3600, no-transform';
/** Missing and revoked pages: short, so a newly published or restored note appears quickly. */
export const ERROR_PAGE_CACHE = 'public, max-age=60, s-maxage=60';
/**
 * Share-bound files (a note's resources, its OG card, its QR code): their bytes never change, but
 * a revocation must end them. The CDN's copy ends with the revocation's purge (docs/consistency.md),
 * or within a day if that purge failed; a browser's copy within an hour. Not `immutable`: browsers
 * revalidate (a cheap 304 while the share lives, a 404/410 once it is revoked).
 */
export const NOTE_ASSET_CACHE = 'public, max-age=3600, s-maxage=86400';
/** Anything produced while the note store is failing must not be cached anywhere. */
export const NO_STORE = 'no-store';
/**
 * A page whose HTML carries a per-response script nonce: only the reader's own browser may keep it
 * (revalidating with its ETag). A shared cache would hand one nonce to everyone, which makes it a
 * constant an injected script could copy.
 */
export const PRIVATE_REVALIDATE = 'private, no-cache';
/**
 * 301s to a page's canonical URL (a missing or stale slug). The CDN may keep them a day: QR codes and
 * shares use the bare `/s/<id>`, and a purge on every note change clears it when the slug moves.
 */
export const REDIRECT_CACHE = 'public, max-age=3600, s-maxage=86400';
