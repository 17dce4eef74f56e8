// @ts-check
'use strict';
/**
 * What the server entry (app-server.js) does for pages before Next.js routes anything.
 *
 * One hop to the canonical URL. Next answers many spellings of a
 * page with 200 (`/en/`, `/EN`, `/zh-CN`, `/zh-CN/features`, `/?utm_source=x`): its i18n matches
 * locales case-insensitively, serves the default locale under its own prefix too, and prerendered
 * pages ignore query strings; its redirect rules cannot tell `/zh-CN/x` from `/x`. Every such
 * variant is answered here with one cacheable 301 to the URL the page names as canonical.
 * Notes need the store for their slug: their variants are handed on as the bare `/s/<id>`, which
 * the note page redirects to the canonical URL in one hop.
 * Plain JavaScript: it runs in the server entry (app-server.js), outside the Next build.
 */

/** UI locales as they appear in URLs; the default locale (zh-CN) is unprefixed. */
const LOCALE_PREFIXES = new Map([['en', '/en'], ['zh-cn', '']]);

/** Pages generated at build time: no query parameter changes them. */
const LANDING_PATHS = new Set(['/', '/features', '/download']);

/** Listing pages and the one parameter they take (`?page=N`). */
const PAGED_PATHS = /^\/(explore|nb\/[A-Za-z0-9_-]{22})$/;

/** Locale-free content: notes and notebooks are in their own language, whatever the chrome. */
const LOCALE_FREE = /^\/(s|nb)(\/|$)/;

const NOTE = /^\/s\/([A-Za-z0-9_-]{22})(\/[^/]*)?$/;

/** The canonical note path shape (what the note fast path serves): never a variant. */
const CANONICAL_NOTE = /^\/s\/[A-Za-z0-9_-]{22}\/[^/?#]+$/;

/** Pure URL normalisations never change: browsers and the CDN may keep them (a day and a week). */
const VARIANT_REDIRECT_CACHE = 'public, max-age=86400, s-maxage=604800';

/**
 * Query parameters WeChat puts on shared links (and our share card's own link, `from=wechat`); as
 * SHARE_MARKERS in lib/wechat/wechat-request.ts. A notebook URL carrying them is answered by the
 * page for WeChat readers (its share card); everyone else gets a redirect no cache stores, so the
 * CDN never hands that redirect to a WeChat reader of the same URL.
 */
const WECHAT_SHARE_MARKERS = ['from', 'isappinstalled'];
const UNSTORED_REDIRECT_CACHE = 'private, no-cache, no-store';

/**
 * `isWeChatShareLink`: a notebook URL as shared in WeChat, left to the page for WeChat readers.
 * @typedef {{ kind: 'redirect', location: string, cacheControl: string, isWeChatShareLink?: true } | { kind: 'rewrite', url: string }} Variant
 */

/**
 * What to do with a request for `url` (path and query, as in `req.url`): null when it is canonical
 * (or not a page this handles), a redirect, or a rewrite to the bare note URL (`/s/<id>`).
 * @param {string} url
 * @returns {Variant | null}
 */
function canonicalVariant(url) {
  if (CANONICAL_NOTE.test(url)) return null;
  const queryAt = url.indexOf('?');
  const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
  const query = queryAt < 0 ? '' : url.slice(queryAt + 1);
  // Repeated slashes (`//explore`, `/s/<id>//<slug>`): Next answers them 200 or with an uncached
  // 308. One spelling: they are folded here, and any URL holding them is a variant.
  const foldedPath = foldSlashes(rawPath);
  let path = foldedPath;
  let prefix = '';
  const first = /^\/([^/]+)/.exec(path)?.[1];
  const localePrefix = first === undefined ? undefined : LOCALE_PREFIXES.get(first.toLowerCase());
  if (first !== undefined && localePrefix !== undefined) {
    prefix = localePrefix;
    path = path.slice(first.length + 1) || '/';
  }
  if (path.length > 1) path = path.replace(/\/+$/, '') || '/';
  if (LOCALE_FREE.test(path)) prefix = '';
  const note = NOTE.exec(path);
  const isPage = LANDING_PATHS.has(path) || PAGED_PATHS.test(path) || note !== null;
  // Anything else (API routes, sitemaps, feeds, files, unknown paths) keeps its URL, folded.
  if (!isPage) {
    return foldedPath === rawPath ? null : sameOrigin({ kind: 'redirect', location: `${foldedPath}${queryAt < 0 ? '' : `?${query}`}`, cacheControl: VARIANT_REDIRECT_CACHE });
  }
  // An empty query (`/s/<id>/<slug>?`) is a spelling of its own as well.
  const changedPath = `${prefix}${path === '/' && prefix ? '' : path}` !== rawPath || (queryAt >= 0 && query === '');
  if (note) {
    // The query goes along: the page drops it in its one redirect, which is then not cached (a
    // CDN keying on the URL alone must not hand WeChat's marked links a browser's redirect).
    return changedPath ? { kind: 'rewrite', url: `/s/${note[1]}${query ? `?${query}` : ''}` } : null;
  }
  // A notebook search (`/nb/<id>?q=…`) is the page's to canonicalise: its query is kept whole.
  const isSearch = path.startsWith('/nb/') && new URLSearchParams(query).has('q');
  const kept = isSearch ? `?${query}` : PAGED_PATHS.test(path) ? pageParameter(query) : '';
  const canonical = `${prefix}${path === '/' && prefix ? '' : path}${kept}`;
  if (canonical === url) return null;
  const params = new URLSearchParams(query);
  if (path.startsWith('/nb/') && !isSearch && WECHAT_SHARE_MARKERS.some((name) => params.has(name))) {
    return sameOrigin({ kind: 'redirect', location: canonical, cacheControl: UNSTORED_REDIRECT_CACHE, ...(changedPath ? {} : { isWeChatShareLink: /** @type {const} */ (true) }) });
  }
  return sameOrigin({ kind: 'redirect', location: canonical, cacheControl: VARIANT_REDIRECT_CACHE });
}

/** @param {string} url */
function hasShareMarker(url) {
  const queryAt = url.indexOf('?');
  const params = new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1));
  return WECHAT_SHARE_MARKERS.some((name) => params.has(name));
}

/**
 * One slash for every run of them, and for any run of slashes and backslashes the path starts
 * with: browsers read a backslash as a slash, so a Location of `/\evil.example` (from a request
 * for `//\evil.example`) would be the other host `//evil.example`.
 * @param {string} path
 */
function foldSlashes(path) {
  return path.replace(/^[/\\]+/, '/').replace(/\/{2,}/g, '/');
}

/**
 * The redirect when its Location is a path on this origin as a browser reads it, else null (the
 * request goes on unchanged): the last guard against a redirect to another host.
 * @param {Variant & { kind: 'redirect' }} variant
 * @returns {Variant | null}
 */
function sameOrigin(variant) {
  const location = variant.location;
  if (!location.startsWith('/') || /^.[/\\]/.test(location) || /[\u0000-\u001f\u007f]/.test(location)) return null;
  return variant;
}

/**
 * `?page=N` when the query has exactly one well-formed page number above 1, else nothing (the
 * page itself answers 404 for malformed or out-of-range numbers, so those are kept for it).
 * @param {string} query
 */
function pageParameter(query) {
  if (query === '') return '';
  const pages = new URLSearchParams(query).getAll('page');
  if (pages.length === 0) return '';
  if (pages.length === 1 && pages[0] === '1') return '';
  return pages.length === 1 ? `?page=${encodeURIComponent(pages[0] ?? '')}` : `?${query}`;
}

/**
 * Answers a variant with its 301, or rewrites `req.url` for the note page; false when the URL is
 * canonical and the request should go on as it is.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @returns {boolean} true when the response was sent
 */
function answerVariant(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const variant = canonicalVariant(req.url || '/');
  if (!variant) return false;
  const isWeChat = /MicroMessenger/i.test(String(req.headers['user-agent'] || ''));
  if (variant.kind === 'rewrite') {
    // WeChat readers' share-link markers (?from=…) are the note page's to answer (WeChat share cards);
    // any other spelling goes the way it goes for everyone.
    if (isWeChat && hasShareMarker(variant.url)) return false;
    req.url = variant.url;
    return false;
  }
  // A notebook link shared in WeChat: the page answers WeChat readers with its share card.
  if (variant.isWeChatShareLink && isWeChat) return false;
  res.writeHead(301, { Location: variant.location, 'Cache-Control': variant.cacheControl, 'Content-Length': '0' });
  res.end();
  return true;
}

/**
 * Landing pages are generated at build time, and Next sends them with `s-maxage=31536000` and no
 * validator: browsers never keep them, and nothing answers 304. Their bytes change only with the
 * build, so the build id is their entity tag. Browsers keep them ten minutes; the CDN a day, and
 * serves a stale copy while it revalidates (a deploy that changes them is a new ETag).
 */
const LANDING_CACHE = 'public, max-age=600, s-maxage=86400, stale-while-revalidate=86400, stale-if-error=86400, no-transform';

/**
 * The locale of a canonical landing URL, or null for any other URL.
 * @param {string} url
 * @returns {'zh-CN' | 'en' | null}
 */
function landingLocale(url) {
  if (LANDING_PATHS.has(url)) return 'zh-CN';
  if (url === '/en' || (url.startsWith('/en/') && LANDING_PATHS.has(url.slice(3)))) return 'en';
  return null;
}

/**
 * For a canonical landing URL: answers 304 when the client holds this build's page, else gives
 * the page its caching headers as Next writes the 200. False when Next should answer (as it does).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} buildId
 * @returns {boolean} true when the response was sent
 */
function answerLanding(req, res, buildId) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const locale = landingLocale(req.url || '/');
  if (!locale) return false;
  const etag = `"landing-${buildId}"`;
  /** @type {Record<string, string>} */
  const headers = { ETag: etag, 'Cache-Control': LANDING_CACHE, 'Content-Language': locale };
  const ifNoneMatch = req.headers['if-none-match'];
  // Each encoding of the page has its own tag (lib/http/compression.js): `"landing-<build>-br"`.
  const sent = typeof ifNoneMatch === 'string' ? ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, '')) : [];
  const matched = sent.find((tag) => tag === '*' || tag === etag || tag === `"landing-${buildId}-br"` || tag === `"landing-${buildId}-gzip"`);
  if (matched) {
    // The tag the client holds, and the Vary its 200 carried.
    if (matched !== '*' && matched !== etag) Object.assign(headers, { ETag: matched, Vary: 'Accept-Encoding' });
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  // The validator now, so the compression layer (lib/http/compression.js) sees a versioned page
  // and may give it the tag of its encoding; Next sets its own Cache-Control just before the head
  // goes out: ours is set after it.
  res.setHeader('ETag', etag);
  res.setHeader('Content-Language', locale);
  const writeHead = res.writeHead;
  /** @type {typeof res.writeHead} */
  const patched = function (/** @type {number} */ status, /** @type {any[]} */ ...rest) {
    if (status === 200) res.setHeader('Cache-Control', LANDING_CACHE);
    return writeHead.call(res, status, ...rest);
  };
  res.writeHead = patched;
  return false;
}

/** Every canonical landing URL, in both languages (what `npm run package` records: recorded-pages.js). */
const LANDING_URLS = [...LANDING_PATHS].flatMap((page) => [page, page === '/' ? '/en' : `/en${page}`]);

module.exports = { canonicalVariant, answerVariant, answerLanding, LANDING_URLS };
