'use strict';
/**
 * The app's server entry, shared by the web function (scf_bootstrap), the event function (sls.js)
 * and `npm start`: Next.js's request handler, with the note page's fast path in front of it
 * (lib/http/note-fast-path.ts: repeat requests for a rendered note version are answered from the
 * page cache, or with 304, without entering Next's routing). In the function package, the early note
 * pages (server/early-note-pages.ts) answer notes before Next has loaded, and Next loads when a
 * request needs it or the instance is idle. Lives beside the standalone build's `.next` folder;
 * run directly, it listens on HOSTNAME:PORT like Next's own standalone server.js.
 */
const http = require('node:http');
const path = require('node:path');
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');

const front = require('./site-front');
const compression = require('./compression');
const { loadRecordedPages } = require('./recorded-pages');

const FAST_PATH_KEY = Symbol.for('note-publisher.note-fast-path');
const NOTE_REPLAY_KEY = Symbol.for('note-publisher.note-replay');
/** What the handler returns for a request answered synchronously: one settled promise for all of them. */
const ANSWERED = Promise.resolve();

/** The build folder beside this file: `.next`, or the NEXT_DIST_DIR a second build was made with. */
function buildDir() {
  if (process.env.NEXT_DIST_DIR) return process.env.NEXT_DIST_DIR;
  if (existsSync(path.join(__dirname, '.next', 'required-server-files.json'))) return '.next';
  const found = readdirSync(__dirname).find((name) => name.startsWith('.next') && existsSync(path.join(__dirname, name, 'required-server-files.json')));
  if (!found) throw new Error(`no Next.js build (required-server-files.json) in ${__dirname}`);
  return found;
}

/** Next's request handler for the build beside this file (as the standalone server.js loads it). */
function createNextHandler(dir) {
  const { config } = JSON.parse(readFileSync(path.join(__dirname, dir, 'required-server-files.json'), 'utf8'));
  // Reuse the build's resolved config instead of loading next.config.js (which is not shipped).
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
  const next = require('next');
  const app = next({ dev: false, dir: __dirname, conf: config, quiet: true });
  return app.prepare().then(() => app.getRequestHandler());
}

/** The note page template `npm run package` saved beside this file (early-note-pages.js renders into it). */
const TEMPLATE_FILE = 'note-template.json';
const TEMPLATE_FORMAT = 1;

/** The id of the build in `dir` (Next's BUILD_ID file). */
function readBuildId(dir) {
  return readFileSync(path.join(__dirname, dir, 'BUILD_ID'), 'utf8').trim();
}

/**
 * The packaged template, when it was learnt from this very build (BUILD_ID); null otherwise. A
 * template from another build would put that build's stylesheets and markup around the notes.
 */
function readNoteTemplate(dir) {
  const file = path.join(__dirname, TEMPLATE_FILE);
  if (!existsSync(file)) return null;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const buildId = readBuildId(dir);
    const { template } = saved;
    const valid = saved.format === TEMPLATE_FORMAT && template && Array.isArray(template.pieces) && template.pieces.every((piece) => typeof piece === 'string')
      && template.headers && typeof template.headers === 'object';
    if (!valid) throw new Error('not a note page template');
    if (saved.buildId !== buildId) {
      logWarning(`${TEMPLATE_FILE} belongs to build ${saved.buildId}, not ${buildId}: the first note page renders through Next`);
      return null;
    }
    return { pieces: template.pieces, headers: template.headers };
  } catch (error) {
    logWarning(`${TEMPLATE_FILE} is unusable (${error && error.message ? error.message : error}): the first note page renders through Next`);
    return null;
  }
}

/** NOTE_TEMPLATE_RECORD=<file> (the packaging run): the template this process used is saved there as it exits. */
function recordNoteTemplateOnExit(dir, early) {
  const file = process.env.NOTE_TEMPLATE_RECORD;
  if (!file) return;
  process.once('exit', () => {
    const template = early.noteTemplate();
    if (!template) return;
    const buildId = readBuildId(dir);
    writeFileSync(file, JSON.stringify({ format: TEMPLATE_FORMAT, buildId, template }));
  });
}

/**
 * The package's `.env` files, if any, read as Next reads them when its server starts, but before
 * the early note pages read the configuration: notes and Next's pages must see the same settings.
 * Next's loader keeps what it loaded, so Next does not read them again.
 */
function loadEnvFiles() {
  // None is the rule (the package leaves them out): then Next's loader, and what it loads, can wait.
  if (!readdirSync(__dirname).some((name) => /^\.env(\.|$)/.test(name))) return;
  try {
    require('@next/env').loadEnvConfig(__dirname, false, { info() {}, error: (message, error) => logError(message, error) });
  } catch (error) {
    logError('could not read the .env files', error);
  }
}

/**
 * The early note pages (server/early-note-pages.ts, bundled by `npm run package`), or null when the
 * package has none (`npm start`, `next start`). `ready`: notes can be answered before Next loads
 * (rendering outside Next is on and the packaged template is this build's). The bundle (the note
 * renderer, React, the store) loads on `install()`: before the first request for a note URL
 * (NOTE_URL) goes on, so the note fast path registered is always the bundle's (note-page-cache.ts:
 * the first registration wins; Next's note page registers too, but only note URLs reach it), and
 * before the other routes it answers (EARLY_ROUTE_URL, `answer`). A new instance asked for a
 * landing page first does not compile it.
 */
function earlyNotePages(dir, checkedConfig) {
  const bundle = path.join(__dirname, 'early-note-pages.js');
  if (!existsSync(bundle)) return null;
  const template = readNoteTemplate(dir);
  let installed = null;
  let answerRoute = null;
  const install = () => {
    if (installed !== null) return installed;
    try {
      const early = require(bundle);
      recordNoteTemplateOnExit(dir, early);
      early.installEarlyNotePages(template);
      answerRoute = early.answerEarlyRoute;
      installed = true;
    } catch (error) {
      // The configuration was checked before anything listened (exitOnBadConfig): this is the bundle failing.
      // The notes then go through Next, as in a package without early note pages.
      logError('early note pages unavailable: every page waits for Next.js', error);
      installed = false;
    }
    return installed;
  };
  const isOn = !checkedConfig || checkedConfig.noteRenderOutsideNext !== false;
  // The other early routes (server/early-routes.tsx): true, false (Next answers) or a promise of either.
  const answer = (req, res) => (install() && answerRoute ? answerRoute(req, res) : false);
  return { ready: isOn && template !== null, install, answer };
}

/**
 * Outside production every response carries `X-Robots-Tag: noindex`, including the landing pages
 * whose HTML was generated at build time (a preview may run a build made for production).
 * DEPLOY_ENV is read here as lib/config.ts reads it: this file runs outside the bundle.
 */
const isProduction = (process.env.DEPLOY_ENV || 'development').trim() === 'production';

/**
 * The security headers next.config.js gives every page, read back from the build's routes manifest
 * so there is one list. Next applies them to pages and API routes only: its /_next/* files and its
 * own error answers (the 400 for a malformed URL) went out without any. Here they are set on every
 * response first; whoever answers may still set its own (a scripted page's nonce CSP, a resource's
 * sandbox).
 */
function readSecurityHeaders(dir) {
  try {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, dir, 'routes-manifest.json'), 'utf8'));
    const rule = (manifest.headers || []).find((r) => Array.isArray(r.headers) && r.headers.some((h) => h.key === 'Content-Security-Policy'));
    if (rule) return rule.headers.map((h) => [h.key, h.value]);
  } catch (error) {
    logError('could not read the security headers from routes-manifest.json', error);
  }
  logWarning('no security headers in routes-manifest.json: responses outside Next\'s pages carry none');
  return [];
}

/**
 * Next's JSON data route of note pages (`/_next/data/<build>/[<locale>/]s/…json`). Note pages ship no
 * client JavaScript, so no router of ours ever asks for it; answered here, it can neither hand out a
 * note as JSON past the HTML page's headers nor reach the page code (which caches HTML only).
 */
/** Any URL Next's note page may answer (`/s/…`, with a locale prefix too): the early note pages load first. */
const NOTE_URL = /^\/(?:[A-Za-z-]+\/)?s(?:\/|$)/;

const NOTE_DATA_PATH = /^\/_next\/data\/[^/]+\/(?:[A-Za-z-]+\/)?s\//;

function answerNoteData(res) {
  res.writeHead(404, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-robots-tag': 'noindex' });
  res.end('{"notFound":true}');
}

/** Paths that take POST (the note service's webhook; it answers its own 405 for other methods). */
const POST_PATHS = new Set(['/api/hooks/note-events']);
const READ_METHODS = new Set(['GET', 'HEAD']);

function refuse(res, status, message, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(message);
}

/**
 * The request target as an origin-form path, or null. A client may send the absolute form
 * (`GET http://other.host/s/x`): its host is ignored (this server answers for one site, and Next
 * redirected to that host), only path and query are kept, with leading slashes folded into one.
 * An origin-form target keeps its slashes: site-front.js answers repeated slashes with a 301 to the
 * folded URL (so `//other.host/` never becomes a protocol-relative redirect, nor a 200 duplicate).
 * `*` and anything else: null.
 */
function originForm(target) {
  if (target.startsWith('/')) return target;
  if (!/^https?:\/\//i.test(target)) return null;
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`.replace(/^\/{2,}/, '/');
  } catch {
    return null;
  }
}

/**
 * What every request meets before the app: security headers, a sane request target, and the
 * methods the app serves (GET and HEAD everywhere; POST only where a route takes it). True when the
 * request was answered here.
 */
function guardRequest(req, res, securityHeaders) {
  for (const [name, value] of securityHeaders) res.setHeader(name, value);
  if (!isProduction) res.setHeader('X-Robots-Tag', 'noindex');
  const target = originForm(req.url || '');
  if (target === null) {
    refuse(res, 400, 'Bad request\n', { Connection: 'close' });
    return true;
  }
  req.url = target;
  const pathname = target.split('?', 1)[0];
  if (POST_PATHS.has(pathname) || READ_METHODS.has(req.method)) return false;
  // Read-only URLs answered POST/PUT/DELETE/PATCH/TRACE with 200 and public caching.
  refuse(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
  return true;
}

/**
 * Guards the request; then canonical variants and landing page validators (site-front.js), the
 * pages recorded from this build (recorded-pages.js), the note page's fast path (once the page
 * module has registered it), then Next.
 */
function withFastPath(next, securityHeaders, buildId, recorded, early) {
  const encodedBodies = new compression.EncodedBodies(ENCODED_BODIES_BYTES);
  // Next gets every response with its compression middleware in place, as it had it before.
  const toNext = (req, res) => {
    lazyCompression().installCompression(res);
    return next(req, res);
  };
  const handle = withCompression(early ? withEarlyRoutes(toNext, early) : toNext, encodedBodies);
  const compressRecorded = (req, res) => compression.compressVersionedResponses(req, res, encodedBodies);
  return (req, res) => {
    // A repeat request for a cached note page (the hot path): replayed before anything touches the
    // response, with every header the page first went out with (this guard's included), as one list.
    const replay = globalThis[NOTE_REPLAY_KEY];
    try {
      if (typeof replay === 'function' && replay(req, res)) return ANSWERED;
    } catch (error) {
      return Promise.reject(error);
    }
    if (guardRequest(req, res, securityHeaders)) return Promise.resolve();
    if (NOTE_DATA_PATH.test(req.url || '')) return Promise.resolve(answerNoteData(res));
    if (front.answerVariant(req, res) || front.answerLanding(req, res, buildId)) return Promise.resolve();
    // Versioned like Next's landing pages (site-front.js gave them their tag): compressed the same way.
    if (recorded && recorded.answer(req, res, compressRecorded)) return ANSWERED;
    // Only note URLs need the note pages' bundle; a first /explore or sitemap goes straight to Next.
    if (early && NOTE_URL.test(req.url || '')) early.install();
    const fastPath = globalThis[FAST_PATH_KEY];
    if (typeof fastPath !== 'function' || (req.method !== 'GET' && req.method !== 'HEAD')) return handle(req, res);
    // true / false when answered synchronously (the store was not awaited), else a promise of it.
    // A synchronous throw becomes a rejection, as from an async function: the caller's .catch answers 500.
    let answered;
    try {
      answered = fastPath(req, res);
    } catch (error) {
      return Promise.reject(error);
    }
    if (answered === true) return Promise.resolve();
    if (answered === false) return handle(req, res);
    return answered.then((isAnswered) => (isAnswered ? undefined : handle(req, res)));
  };
}

/**
 * The routes the early pages' bundle answers besides notes (server/early-routes.tsx: /explore,
 * notebooks, sitemaps, feeds, robots.txt), before Next; what they decline goes on to Next.
 */
const EARLY_ROUTE_URL = /^\/(?:(?:en\/)?explore(?:\?|$)|nb\/|robots\.txt$|sitemap\.xml$|sitemaps\/|feeds\/)/;

function withEarlyRoutes(next, early) {
  return (req, res) => {
    if (!EARLY_ROUTE_URL.test(req.url || '')) return next(req, res);
    const answered = early.answer(req, res);
    if (answered === true) return ANSWERED;
    if (answered === false) return next(req, res);
    return answered.then((isAnswered) => (isAnswered ? undefined : next(req, res)));
  };
}

/** Compressed versions of Next's versioned responses (lib/http/compression.js); note pages keep theirs in the page cache. */
const ENCODED_BODIES_BYTES = 16 * 1024 * 1024;

/**
 * Next's answers, compressed: versioned ones (a strong ETag, shared-cacheable) once per version by
 * compression.js, everything else (static files, streamed sitemaps, error pages) per response by
 * the compression middleware Next itself uses (next.config.js turns Next's off, so that
 * compression.js sees each body before any stream does). The middleware is installed when a
 * response needs it (lazy-compression.js): the early routes' answers mostly do not, and loading it
 * is a good part of a new instance's first answer.
 */
function withCompression(handle, encodedBodies) {
  return (req, res) => {
    lazyCompression().deferCompression(req, res);
    // As Next does: a client that goes away mid-response would leave the zlib stream open.
    res.once('close', () => {
      if (!res.writableFinished) require('next/dist/server/lib/release-compression-stream').releaseCompressionStream(res);
    });
    compression.compressVersionedResponses(req, res, encodedBodies);
    return handle(req, res);
  };
}

let lazyCompressionModule = null;

/** lazy-compression.js, required on first use: the recorded landing pages never need it. */
function lazyCompression() {
  lazyCompressionModule ??= require('./lazy-compression');
  return lazyCompressionModule;
}

/** An idle instance (no request in flight for this long) loads Next, so its next page need not wait. */
const NEXT_PRELOAD_IDLE_MS = 100;
/** Consecutive failures to load Next after which the instance exits (the platform starts another). */
const MAX_NEXT_LOAD_FAILURES = 3;

/**
 * Resolves to `(req, res) => Promise<void>`: the whole app as one request handler. With early note
 * pages and their template, it resolves at once and Next loads later: when a request needs it, or
 * once the instance has answered its first requests and is idle (loading Next blocks the process
 * for a few hundred milliseconds; a request waiting for a note should not sit behind it).
 */
function createRequestHandler() {
  process.env.NODE_ENV = 'production';
  // Before any module loads: they then come from the package's code cache (startup-cache.js).
  require('./startup-cache').install(__dirname);
  const dir = buildDir();
  loadEnvFiles();
  const early = earlyNotePages(dir, exitOnBadConfig());
  const securityHeaders = readSecurityHeaders(dir);
  const buildId = readBuildId(dir);
  const recorded = loadRecordedPages(__dirname, buildId, logWarning);
  if (!early || !early.ready) {
    // Before Next: the first registration of the note fast path is the early pages' (note-page-cache.ts).
    if (early) early.install();
    return createNextHandler(dir).then((handle) => withFastPath(handle, securityHeaders, buildId, recorded, early));
  }
  let nextHandler = null;
  let failures = 0;
  const loadNext = () => {
    // Through a promise: a failure to load Next (even a synchronous one) fails that request, not
    // the process; after a few in a row the instance is broken, and exits for the platform to replace.
    nextHandler ??= Promise.resolve(dir).then(createNextHandler).then((handler) => {
      failures = 0;
      return handler;
    }, (error) => {
      nextHandler = null;
      failures += 1;
      logError(`could not load Next.js (${failures} of ${MAX_NEXT_LOAD_FAILURES} tries)`, error);
      if (failures >= MAX_NEXT_LOAD_FAILURES) process.exit(1);
      throw error;
    });
    return nextHandler;
  };
  const handle = withFastPath((req, res) => loadNext().then((next) => next(req, res)), securityHeaders, buildId, recorded, early);
  let inFlight = 0;
  let idleTimer = null;
  const armPreload = () => {
    clearTimeout(idleTimer);
    const armedAt = Date.now();
    idleTimer = setTimeout(() => {
      if (inFlight > 0 || nextHandler) return;
      // Much later than asked: the instance was frozen between requests, and the request that
      // thawed it is waiting to be read. Let it be answered first; load once really idle.
      if (Date.now() - armedAt > NEXT_PRELOAD_IDLE_MS * 5) return armPreload();
      loadNext().catch(() => {});
    }, NEXT_PRELOAD_IDLE_MS);
  };
  const settled = () => {
    inFlight -= 1;
    if (inFlight === 0 && !nextHandler) armPreload();
  };
  return Promise.resolve((req, res) => {
    if (!nextHandler) {
      inFlight += 1;
      res.once('close', settled);
    }
    return handle(req, res);
  });
}

/**
 * Loads check-config.js (lib/config.ts, bundled by `npm run package`) before anything listens: a
 * bad setting stops the process with one line naming the variable, not a 500 on every request.
 * `npm start` checks the same before it starts this file, so the standalone folder has no copy.
 * Returns the checked configuration, or null without check-config.js.
 */
function exitOnBadConfig() {
  const file = path.join(__dirname, 'check-config.js');
  if (!existsSync(file)) return null;
  try {
    return require(file).checkedConfig;
  } catch (error) {
    if (!error || error.name !== 'ConfigError') throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

function logError(message, error) {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', message, error: String(error && error.stack ? error.stack : error) })}\n`);
}

function logWarning(message) {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'warn', message })}\n`);
}

function listen() {
  process.chdir(__dirname);
  const parsedPort = Number.parseInt(process.env.PORT || '', 10);
  // PORT=0 takes any free port (the packaging script's recording run); the log line names it.
  const port = Number.isInteger(parsedPort) && parsedPort >= 0 ? parsedPort : 3000;
  const hostname = process.env.HOSTNAME || '0.0.0.0';
  Promise.resolve().then(createRequestHandler).then((handle) => {
    const failed = (res) => (error) => {
      logError('request failed', error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    };
    const server = http.createServer((req, res) => {
      const done = handle(req, res);
      if (done !== ANSWERED) done.catch(failed(res));
    });
    // Requests Node's parser refuses (a malformed request line or target) get its 400/431 with our headers too.
    const securityHeaders = readSecurityHeaders(buildDir());
    server.on('clientError', (error, socket) => {
      if (!socket.writable || error.code === 'ECONNRESET') return socket.destroy();
      const [status, message] = error.code === 'HPE_HEADER_OVERFLOW' ? ['431 Request Header Fields Too Large', 'Request headers too large\n'] : ['400 Bad Request', 'Bad request\n'];
      const headers = securityHeaders.map(([name, value]) => `${name}: ${value}\r\n`).join('');
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n${headers}Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
    });
    const keepAlive = Number.parseInt(process.env.KEEP_ALIVE_TIMEOUT || '', 10);
    if (Number.isFinite(keepAlive) && keepAlive >= 0) server.keepAliveTimeout = keepAlive;
    server.once('error', (error) => {
      // One line and a non-zero exit: another server on the port must not look like this one.
      const reason = error.code === 'EADDRINUSE' ? 'is in use (another server is listening on it)' : error.code === 'EACCES' ? 'needs privileges this user lacks' : `cannot be listened on (${error.code || error.message})`;
      process.stderr.write(`Cannot listen: port ${port} on ${hostname} ${reason}; stop that server or set PORT\n`);
      process.exit(1);
    });
    server.listen(port, hostname, () => process.stdout.write(`listening on http://${hostname}:${server.address().port}\n`));
    for (const signal of ['SIGTERM', 'SIGINT']) {
      process.once(signal, () => {
        server.close(() => process.exit(0));
        server.closeIdleConnections();
        // In-flight requests get a moment to finish; then the platform is told we are done.
        setTimeout(() => process.exit(0), 5000).unref();
      });
    }
  }, (error) => {
    logError('could not start', error);
    process.exit(1);
  });
}

module.exports = { createRequestHandler };

if (require.main === module) listen();
