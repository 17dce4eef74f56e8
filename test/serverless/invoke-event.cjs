'use strict';
/**
 * Drives sls.js exactly as the Tencent Next.js component's handler does on every invocation:
 * `await require('./sls.js')()`, then tencent-serverless-http's createServer() + proxy(..., 'PROMISE').
 * Reads {dir, events, repeat, control} as JSON on stdin and prints JSON results on stdout. Runs in
 * its own process so descriptor counts are this function's alone. Results follow a @@RESULT@@ marker
 * because Next.js prints to stdout too.
 *   events only:  prints one proxy result per event, each with `nextLoaded`: whether Next.js's
 *                 server had been loaded into the process when that invocation returned
 *   repeat N:     N invocations cycling through the events; prints fds and /tmp/server-*.sock before/after
 *   control true: hides the invocation server from sls.js (the shipped behaviour) to show the leak
 */
const { readdirSync, unlinkSync } = require('node:fs');
const path = require('node:path');
const { createServer, proxy } = require('tencent-serverless-http');

/** The invocation servers of the control run, which sls.js cannot close: closed before exiting. */
const leaked = [];

/** Closes the control run's servers and removes their socket files, so no run leaves /tmp/server-*.sock behind. */
function closeLeaked() {
  for (const server of leaked.splice(0)) {
    const socketPath = server.address();
    server.close();
    if (typeof socketPath === 'string') {
      try {
        unlinkSync(socketPath);
      } catch {
        // already gone with the server
      }
    }
  }
}

async function handler(dir, event, control) {
  let app = await require(path.join(dir, 'sls.js'))();
  if (control) {
    const inner = app;
    app = Object.assign((req, res) => {
      req.socket.server = null;
      inner(req, res);
    }, { binaryTypes: inner.binaryTypes, callbackWaitsForEmptyEventLoop: inner.callbackWaitsForEmptyEventLoop });
  }
  const context = {};
  context.callbackWaitsForEmptyEventLoop = app.callbackWaitsForEmptyEventLoop === false ? false : true;
  const server = createServer(app, null, app.binaryTypes || []);
  if (control) leaked.push(server);
  return proxy(server, event, context, 'PROMISE').promise;
}

const fds = () => readdirSync('/proc/self/fd').length;
const sockets = () => readdirSync('/tmp').filter((f) => /^server-.*\.sock$/.test(f)).length;

/** Lets pending close callbacks run: a bounded number of event-loop turns, not a timed sleep. */
async function settle() {
  for (let i = 0; i < 50; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

async function main() {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const { dir, events, repeat, control } = JSON.parse(input);
  if (!repeat) {
    const results = [];
    for (const event of events) {
      const result = await handler(dir, event, false);
      results.push({ ...result, nextLoaded: Object.keys(require.cache).some((file) => /[\\/]next[\\/]dist[\\/]server[\\/]next\.js$/.test(file)) });
    }
    process.stdout.write(`\n@@RESULT@@${JSON.stringify(results)}`);
    // Now, not once an idle instance has loaded Next (whose start-up line would follow the result).
    process.exit(0);
  }
  for (let i = 0; i < 20; i += 1) await handler(dir, events[i % events.length], control);
  await settle();
  const before = { fds: fds(), sockets: sockets() };
  const statuses = {};
  for (let i = 0; i < repeat; i += 1) {
    const result = await handler(dir, events[i % events.length], control);
    statuses[result.statusCode] = (statuses[result.statusCode] || 0) + 1;
  }
  await settle();
  const after = { fds: fds(), sockets: sockets() };
  closeLeaked();
  process.stdout.write(`\n@@RESULT@@${JSON.stringify({ before, after, statuses })}`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
