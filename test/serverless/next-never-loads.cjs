'use strict';
/**
 * Preloaded (NODE_OPTIONS=--require) into a web function under test: the server entry's
 * `require('next')` gets a Next.js that never finishes preparing, so every request that needs Next
 * waits forever and whatever is answered was answered without it.
 */
const Module = require('node:module');

const load = Module._load;
Module._load = function loadWithoutNext(request, parent, isMain) {
  if (request === 'next' && parent && /app-server\.js$/.test(parent.filename || '')) {
    return () => ({ prepare: () => new Promise(() => {}), getRequestHandler: () => () => {} });
  }
  return load.call(this, request, parent, isMain);
};
