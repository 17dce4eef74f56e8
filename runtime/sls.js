'use strict';
/**
 * Entry point of the SCF *event function* for the Tencent Next.js component. The component's
 * handler calls this factory on every invocation, wraps the result with tencent-serverless-http's
 * createServer() (a new HTTP server on a new /tmp/server-*.sock each time) and proxies the event to
 * it. The factory therefore memoises the Next.js app, and the listener closes each per-invocation
 * server once its response is done: the shipped handler never does, and leaks a socket and ~3 fds
 * per request until the function hits SCF's 1,024-descriptor limit.
 */
const { createRequestHandler } = require('./app-server');

/**
 * Responses the proxy returns base64-encoded. HTML (our only large text) stays UTF-8: base64 would
 * add a third to every page. Everything else may be non-UTF-8 bytes and must not be decoded as text.
 */
const BINARY_TYPES = ['image/*', 'audio/*', 'video/*', 'font/*', 'application/*', 'multipart/*', 'model/*', 'text/plain', 'text/csv', 'text/xml', 'text/calendar', 'text/markdown', 'text/x-*'];

let ready = null;

/** Closes the tencent-serverless-http server that carried this request, once the response is done. */
function releaseInvocationServer(req) {
  const server = req.socket && req.socket.server;
  // `_socketPathSuffix` marks servers made by tencent-serverless-http; never touch anything else.
  if (!server || server._socketPathSuffix === undefined || !server.listening) return;
  setImmediate(() => {
    server.close();
    server.closeIdleConnections();
  });
}

function listen(handle) {
  const listener = (req, res) => {
    // The proxy base64-encodes any compressed body (+33%); the CDN compresses for clients instead.
    delete req.headers['accept-encoding'];
    res.once('close', () => releaseInvocationServer(req));
    handle(req, res).catch((error) => {
      process.stderr.write(`${JSON.stringify({ level: 'error', message: 'request failed', error: String(error) })}\n`);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  };
  listener.binaryTypes = BINARY_TYPES;
  // Let SCF return as soon as the response is ready instead of waiting for Next's timers.
  listener.callbackWaitsForEmptyEventLoop = false;
  return listener;
}

/** The async factory the component's handler awaits (`await require('./sls.js')()`). */
module.exports = function createApp() {
  // Only /tmp is writable on SCF: the embedded store (demo/self-hosting) lives there.
  process.env.NOTES_DB_PATH = process.env.NOTES_DB_PATH || '/tmp/notes.db';
  ready = ready || Promise.resolve().then(createRequestHandler).then(listen, (error) => {
    ready = null;
    throw error;
  });
  return ready;
};
