// @ts-check
'use strict';
/**
 * Content codings for versioned responses, compressed once per version. SCF bills the function's
 * outbound bytes, the CDN's back-to-origin fetches included, so the origin sends brotli or gzip
 * itself; a response with a strong ETag names one version of its bytes, so each encoding of that
 * version is computed once and kept (note pages beside the page in the page cache, other pages in
 * `EncodedBodies`). Every variant gets its own entity tag (`"<tag>-br"`, `"<tag>-gzip"`: a strong
 * tag names exact bytes) and `Vary: Accept-Encoding`, and If-None-Match accepts any of them.
 * Plain CommonJS: the server entry (app-server.js) runs it outside the Next build; lib/ code
 * imports it through compression.d.ts.
 */
const zlib = require('node:zlib');

/** Below this a compressed body saves less than its headers cost (the compression package's threshold too). */
const MIN_BYTES = 1024;

/**
 * Brotli 5 is the knee for pages of 10-100 KB: measured on a demo note (10 KB) it takes ~0.7 ms and
 * makes 2.9 KB; quality 11 takes ~15 times the CPU (10 ms) for 12 % fewer bytes, on the first
 * request of every version. `npm run bench` reports the bytes and the cost of the first answer.
 */
const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 6;

/** Text the origin writes; images, fonts, archives and attachments are left as they are. */
const COMPRESSIBLE_TYPE = /^(?:text\/|application\/(?:xml|json|javascript|[a-z0-9.+-]*\+(?:xml|json))\b|image\/svg\+xml\b)/i;

/** @typedef {'br' | 'gzip'} Encoding */
/** @type {readonly Encoding[]} */
const ENCODINGS = ['br', 'gzip'];

/**
 * The q-value of every coding named in an Accept-Encoding header (lower-cased; `x-gzip` is gzip).
 * @param {string} header
 */
function parseAcceptEncoding(header) {
  /** @type {Map<string, number>} */
  const weights = new Map();
  for (const part of header.split(',')) {
    const [rawCoding = '', ...params] = part.split(';');
    const coding = rawCoding.trim().toLowerCase();
    if (coding === '') continue;
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param);
      // A malformed weight makes the whole entry unusable rather than silently acceptable.
      q = match && /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(match[1] ?? '') ? Number(match[1]) : 0;
    }
    weights.set(coding === 'x-gzip' ? 'gzip' : coding, q);
  }
  return weights;
}

/** Browsers and crawlers send a handful of distinct headers: parse each once. */
const negotiated = new Map();
const NEGOTIATED_MAX = 256;

/**
 * The coding to answer with (RFC 9110 12.5.3), or null for identity: the highest q-value among
 * br and gzip (`*` stands for codings not named), brotli on a tie, identity when the client weighs
 * it higher or accepts neither. No header at all means identity: the proxies and crawlers that send
 * none are the ones that mishandle compressed bodies.
 * @param {string | string[] | undefined} header
 * @returns {Encoding | null}
 */
function negotiateEncoding(header) {
  if (typeof header !== 'string' || header === '') return null;
  const known = negotiated.get(header);
  if (known !== undefined) return known;
  const weights = parseAcceptEncoding(header);
  const star = weights.get('*');
  const weightOf = (/** @type {string} */ coding) => weights.get(coding) ?? star ?? 0;
  /** @type {Encoding | null} */
  let best = null;
  let bestQ = 0;
  for (const coding of ENCODINGS) {
    const q = weightOf(coding);
    if (q > bestQ) [best, bestQ] = [coding, q];
  }
  // Identity is acceptable unless excluded; it wins only when explicitly preferred.
  const identityQ = weights.get('identity');
  if (best && identityQ !== undefined && identityQ > bestQ) best = null;
  if (negotiated.size >= NEGOTIATED_MAX) negotiated.clear();
  negotiated.set(header, best);
  return best;
}

/**
 * @param {string | number | string[] | undefined} contentType
 * @param {number} size
 */
function isCompressible(contentType, size) {
  return size >= MIN_BYTES && typeof contentType === 'string' && COMPRESSIBLE_TYPE.test(contentType);
}

/**
 * @param {Buffer} body
 * @param {Encoding} encoding
 * @returns {Buffer}
 */
function encode(body, encoding) {
  if (encoding === 'gzip') return zlib.gzipSync(body, { level: GZIP_LEVEL });
  return zlib.brotliCompressSync(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

/**
 * The entity tag of one encoding of a representation: `"v1"` → `"v1-br"`, `W/"v1"` → `W/"v1-br"`.
 * @param {string} etag
 * @param {Encoding | null} encoding
 */
function encodedEtag(etag, encoding) {
  return encoding && etag.endsWith('"') ? `${etag.slice(0, -1)}-${encoding}"` : etag;
}

/**
 * True when an If-None-Match header names `etag` or one of its encodings (weak comparison, RFC 9110
 * 13.1.2: W/ prefixes do not matter; `*` matches anything).
 * @param {string} header
 * @param {string} etag
 */
function etagMatches(header, etag) {
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((raw) => {
    const tag = raw.trim().replace(/^W\//, '');
    return tag === bare || ENCODINGS.some((encoding) => tag === encodedEtag(bare, encoding));
  });
}

/**
 * `Vary` with Accept-Encoding added to what is there (e.g. `User-Agent`), never twice.
 * @param {string | number | string[] | undefined} vary
 */
function varyWithEncoding(vary) {
  const current = Array.isArray(vary) ? vary.join(', ') : typeof vary === 'string' ? vary : '';
  if (current === '') return 'Accept-Encoding';
  if (/(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i.test(current)) return current;
  return `${current}, Accept-Encoding`;
}

/**
 * A response's Cache-Control lets shared caches keep it (so its ETag names one body for everyone).
 * Pages with a per-response script nonce are `private`: compressed per request, never kept.
 * @param {string | number | string[] | undefined} cacheControl
 */
function isSharedCacheable(cacheControl) {
  return typeof cacheControl === 'string' && /\b(?:public|s-maxage)\b/i.test(cacheControl) && !/\b(?:private|no-store|no-cache)\b/i.test(cacheControl);
}

/**
 * Compressed bodies of versioned responses other than note pages, least recently used first out,
 * bounded by bytes. Keys are `<path> <etag> <encoding>`: an ETag names a version of one URL only
 * (every landing page carries the build's tag).
 */
class EncodedBodies {
  /** @param {number} maxBytes */
  constructor(maxBytes) {
    this.maxBytes = maxBytes;
    this.bytes = 0;
    /** @type {Map<string, Buffer>} */
    this.entries = new Map();
  }

  /** @param {string} key */
  get(key) {
    const body = this.entries.get(key);
    if (body) {
      this.entries.delete(key);
      this.entries.set(key, body);
    }
    return body;
  }

  /** @param {string} key @param {Buffer} body */
  set(key, body) {
    if (body.length > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) this.bytes -= old.length;
    this.entries.delete(key);
    this.entries.set(key, body);
    this.bytes += body.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.length;
    }
  }
}

/**
 * A 304 to a client holding an encoded variant names that variant (the tag it sent) and varies like
 * the 200 did, so a cache's stored copy keeps the tag that describes its bytes.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function markNotModified(req, res) {
  const etag = res.getHeader('etag');
  const ifNoneMatch = req.headers['if-none-match'];
  const encoding = negotiateEncoding(req.headers['accept-encoding']);
  if (typeof etag !== 'string' || typeof ifNoneMatch !== 'string' || !encoding) return;
  const variant = encodedEtag(etag, encoding);
  const bare = variant.replace(/^W\//, '');
  if (!ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare)) return;
  res.setHeader('ETag', variant);
  res.setHeader('Vary', varyWithEncoding(res.getHeader('vary')));
}

/**
 * Compresses the versioned responses a framework ends in one piece (`res.end(body)` with a strong
 * ETag: landing pages, /explore, notebooks, sitemaps, feeds), once per version when shared caches
 * may keep them (per response for private ones), and marks their 304s. Anything else passes
 * through untouched (to whatever compresses streams below). Install before the framework writes;
 * `res.end` is restored on its first call.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {EncodedBodies} store
 */
function compressVersionedResponses(req, res, store) {
  // The URL as asked: frameworks rewrite req.url on the way (Next strips the locale, `/en` → `/`).
  const path = (req.url ?? '').split('?', 1)[0] ?? '';
  const end = res.end;
  /** @type {(...args: any[]) => import('node:http').ServerResponse} */
  const patched = function (...args) {
    res.end = end;
    if (!res.headersSent && !res.getHeader('content-encoding')) {
      if (res.statusCode === 304) markNotModified(req, res);
      else if (res.statusCode === 200) {
        const encoded = encodeForRequest(req, res, path, args[0], store);
        if (encoded) args = [encoded];
      }
    }
    return end.apply(res, /** @type {any} */ (args));
  };
  res.end = /** @type {typeof res.end} */ (patched);
}

/**
 * The encoded body for this request (null: send as is), with the response's headers set for it.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} path
 * @param {unknown} chunk
 * @param {EncodedBodies} store
 * @returns {Buffer | null}
 */
function encodeForRequest(req, res, path, chunk, store) {
  const etag = res.getHeader('etag');
  if (typeof etag !== 'string' || etag.startsWith('W/')) return null;
  // A private page (a per-response script nonce) is compressed for this response only.
  const isKept = isSharedCacheable(res.getHeader('cache-control'));
  const type = res.getHeader('content-type');
  const isHead = req.method === 'HEAD';
  const body = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : null;
  if (!isHead && !body) return null;
  if (!(typeof type === 'string' && COMPRESSIBLE_TYPE.test(type))) return null;
  res.setHeader('Vary', varyWithEncoding(res.getHeader('vary')));
  const encoding = negotiateEncoding(req.headers['accept-encoding']);
  if (!encoding) return null;
  const key = `${path} ${etag} ${encoding}`;
  let encoded = isKept ? store.get(key) : undefined;
  if (!encoded && !body) {
    // HEAD without a body (the framework skipped it) of a version not compressed yet: the headers
    // the GET would carry, minus the encoded length nobody has computed (HEAD may omit it).
    if (!isCompressible(type, Number(res.getHeader('content-length') ?? 0))) return null;
    res.setHeader('Content-Encoding', encoding);
    res.removeHeader('Content-Length');
    res.setHeader('ETag', encodedEtag(etag, encoding));
    return null;
  }
  if (!encoded) {
    if (!body || !isCompressible(type, body.length)) return null;
    encoded = encode(body, encoding);
    if (isKept) store.set(key, encoded);
  }
  res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', String(encoded.length));
  res.setHeader('ETag', encodedEtag(etag, encoding));
  return isHead ? null : encoded;
}

module.exports = {
  MIN_BYTES,
  BROTLI_QUALITY,
  GZIP_LEVEL,
  negotiateEncoding,
  isCompressible,
  encode,
  encodedEtag,
  etagMatches,
  varyWithEncoding,
  isSharedCacheable,
  EncodedBodies,
  compressVersionedResponses,
};
