'use strict';
/**
 * The Tencent Next.js component's event handler (serverless-components/tencent-nextjs v1.0.14,
 * src/_shims/handler.js), as it runs in the function: the app from SLS_ENTRY_FILE (our sls.js),
 * called with `true`; a new tencent-serverless-http server per invocation with the app's
 * binaryTypes; callbackWaitsForEmptyEventLoop only when the app says true. Only the monitoring
 * require is left out. Reads {events} as JSON on stdin; prints the proxy results after @@RESULT@@.
 */
const fs = require('fs');
const path = require('path');
const { createServer, proxy } = require('tencent-serverless-http');

let server;
let app;

async function handler(event, context) {
  if (!app) {
    // The shim folder sits beside the user's files; SLS_ENTRY_FILE is relative to the package.
    const userSls = path.join(process.env.SLS_PACKAGE_DIR, process.env.SLS_ENTRY_FILE);
    if (!fs.existsSync(userSls)) throw new Error(`no ${userSls}`);
    app = await require(userSls)(true);
    if (app.slsInitialize && typeof app.slsInitialize === 'function') await app.slsInitialize();
  }
  try {
    app.request.__SLS_EVENT__ = event;
    app.request.__SLS_CONTEXT__ = context;
  } catch {
    // no op, as in the component
  }
  server = createServer(app.callback && typeof app.callback === 'function' ? app.callback() : app, null, app.binaryTypes || []);
  context.callbackWaitsForEmptyEventLoop = app.callbackWaitsForEmptyEventLoop === true;
  const { promise } = await proxy(server, event, context, 'PROMISE');
  return promise;
}

async function main() {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const { events } = JSON.parse(input);
  const results = [];
  for (const event of events) results.push(await handler(event, {}));
  process.stdout.write(`\n@@RESULT@@${JSON.stringify(results)}`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
