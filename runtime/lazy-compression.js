'use strict';
/**
 * Next's compression middleware (`next/dist/compiled/compression`), installed on a response only
 * when it can change what that response sends. Loading it costs a new instance ~30 ms of CPU (its
 * bundled MIME table), and the first answers of an instance (robots.txt, sitemaps, feeds, /explore,
 * notebooks: the early routes) are mostly responses where it does nothing: compression.js already
 * encoded them, or they are too small, or they forbid transformation.
 *
 * The middleware's only effects on a response sent with one `res.end(body)` are these (compression
 * 1.7, as Next compiles it): it sends the head before the body (so a body without Content-Length
 * goes out chunked), adds `Accept-Encoding` to `Vary` unless the response is not compressible or
 * says `no-transform`, and compresses it unless it says `no-transform`, is smaller than 1 KB, is
 * already encoded or answers a HEAD. When the outcome is known without its MIME table (it would
 * neither compress nor change `Vary`), the head and body are sent as it would send them.
 * Otherwise (a body written in pieces, a head written first, anything else) the middleware is
 * loaded and installed at that moment, before anything was sent, and takes the call, exactly as if
 * it had been installed first.
 */

const THRESHOLD = 1024;
/** The middleware's own test for `Cache-Control: no-transform`. */
const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/;
/** The header's fields as its `vary` module splits them: at commas, spaces trimmed (not tabs). */
const VARIES_BY_ENCODING = /(?:^|,) *accept-encoding *(?:,|$)/i;
const VARIES_BY_ANYTHING = /(?:^|,) *\* *(?:,|$)/;

let middleware = null;

/** The middleware, loaded on first use. */
function nextCompression() {
  middleware ??= require('next/dist/compiled/compression')();
  return middleware;
}

function headerText(value) {
  return Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value);
}

function chunkLength(chunk, encoding) {
  if (!chunk) return 0;
  return Buffer.isBuffer(chunk) ? chunk.length : Buffer.byteLength(chunk, encoding);
}

/**
 * True when the middleware's `vary(res, 'Accept-Encoding')` would leave the header as it is: one
 * `Vary` header, spelt so, naming Accept-Encoding and not `*` (which it would rewrite to `*`).
 */
function variesByEncoding(res) {
  const vary = res.getHeader('vary');
  return typeof vary === 'string' && VARIES_BY_ENCODING.test(vary) && !VARIES_BY_ANYTHING.test(vary) && res.getRawHeaderNames().includes('Vary');
}

/**
 * Whether the middleware would send this `res.end(chunk)` untouched: no compression and no change
 * to `Vary`, whatever its MIME table says about the Content-Type.
 */
function isUntouched(req, res, chunk, encoding) {
  if (NO_TRANSFORM.test(headerText(res.getHeader('cache-control')))) return true;
  if (!variesByEncoding(res)) return false;
  const contentEncoding = res.getHeader('content-encoding');
  if (contentEncoding && contentEncoding !== 'identity') return true;
  if (req.method === 'HEAD') return true;
  const declared = res.getHeader('content-length');
  return declared === undefined ? chunkLength(chunk, encoding) < THRESHOLD : Number(declared) < THRESHOLD;
}

/** res → installs the middleware on it now (when it was deferred and nothing decided yet). */
const pending = new WeakMap();

/**
 * Stands in for `compression()(req, res, next)` on `res`, installed where the middleware would be
 * (below whatever wraps `res.end` afterwards, such as compression.js): the middleware is loaded by
 * the first call that needs it, or by `installCompression(res)`.
 */
function deferCompression(req, res) {
  const own = { writeHead: res.writeHead, write: res.write, end: res.end };
  /** Where the calls go once decided: the response's own methods, or the middleware's. */
  let target = null;
  const install = () => {
    if (target) return;
    // The middleware wraps the response's own methods; whatever wraps them now stays on top.
    const current = { writeHead: res.writeHead, write: res.write, end: res.end };
    Object.assign(res, own);
    nextCompression()(req, res, () => {});
    target = { writeHead: res.writeHead, write: res.write, end: res.end };
    Object.assign(res, current);
  };
  pending.set(res, install);
  res.writeHead = function writeHead(...args) {
    install();
    return target.writeHead.apply(res, args);
  };
  res.write = function write(...args) {
    install();
    return target.write.apply(res, args);
  };
  // The middleware's `end(chunk, encoding)` passes no callback on; neither does this.
  res.end = function end(chunk, encoding) {
    if (!target && !res.headersSent && typeof chunk !== 'function' && isUntouched(req, res, chunk, typeof encoding === 'string' ? encoding : undefined)) {
      target = own;
      // As the middleware's `end` does: the head first (a body without Content-Length goes chunked).
      res._implicitHeader();
      return own.end.call(res, chunk, encoding);
    }
    install();
    return target.end.call(res, chunk, encoding);
  };
}

/** Installs the middleware on a response whose compression was deferred, unless already decided. */
function installCompression(res) {
  const install = pending.get(res);
  if (install) install();
}

module.exports = { deferCompression, installCompression };
