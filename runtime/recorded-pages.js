// @ts-check
'use strict';
/**
 * Pages whose answer is fixed by the build (the landing pages, generated at build time), answered
 * from a copy of what Next.js sent for them, so a new instance serves them without loading Next.
 * `npm run package` records them (scripts/package-function.mjs: the recording run asks Next for
 * each, without Accept-Encoding) into `recorded-pages.json` beside this file, with the build id;
 * a copy from another build is ignored. The copy holds Next's response headers as it sent them
 * (names as written, in order), without the connection's own (Date, Connection, Keep-Alive) and
 * without Transfer-Encoding. The server entry (app-server.js) has already set the security
 * headers and the landing page validators (site-front.js) by then; setting the recorded ones again
 * gives the response Next would have given; `prepare` (the server entry's compression) encodes it as
 * it encodes Next's answer.
 * Plain JavaScript: it runs in the server entry, outside the Next build.
 */
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

const FILE_NAME = 'recorded-pages.json';
const FORMAT = 1;

/** Headers that belong to one connection or one transfer, never to the page. */
const NOT_RECORDED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/**
 * @typedef {{ headers: Array<[string, string | string[]]>, body: Buffer }} RecordedPage
 * @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void} Prepare
 * @typedef {{ answer: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, prepare: Prepare) => boolean, paths: string[] }} RecordedPages
 */

/**
 * The recorded pages of build `buildId` in `dir`, or null (no file, another build, unreadable: Next answers them).
 * @param {string} dir
 * @param {string} buildId
 * @param {(message: string) => void} warn
 * @returns {RecordedPages | null}
 */
function loadRecordedPages(dir, buildId, warn) {
  const file = path.join(dir, FILE_NAME);
  if (!existsSync(file)) return null;
  /** @type {Map<string, RecordedPage>} */
  const pages = new Map();
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    if (saved.format !== FORMAT || typeof saved.pages !== 'object' || saved.pages === null) throw new Error('not a recording of pages');
    if (saved.buildId !== buildId) {
      warn(`${FILE_NAME} belongs to build ${saved.buildId}, not ${buildId}: Next answers those pages`);
      return null;
    }
    for (const [url, page] of Object.entries(saved.pages)) {
      const headers = page && Array.isArray(page.headers) ? page.headers : null;
      if (!url.startsWith('/') || !headers || typeof page.body !== 'string' || !headers.every((h) => Array.isArray(h) && h.length === 2 && h.every((part) => typeof part === 'string'))) {
        throw new Error(`the recording of ${url} is malformed`);
      }
      pages.set(url, { headers: groupHeaders(headers), body: Buffer.from(page.body, 'base64') });
    }
  } catch (error) {
    warn(`${FILE_NAME} is unusable (${error instanceof Error ? error.message : String(error)}): Next answers those pages`);
    return null;
  }
  return {
    paths: [...pages.keys()],
    answer(req, res, prepare) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const page = pages.get(req.url || '');
      if (!page) return false;
      prepare(req, res);
      for (const [name, value] of page.headers) res.setHeader(name, value);
      // The head goes out with the body, as from Next: whatever `prepare` hooked may still set headers then.
      res.statusCode = 200;
      res.end(req.method === 'HEAD' ? undefined : page.body);
      return true;
    },
  };
}

/**
 * One entry per header name (a repeated header becomes a list, as setHeader takes it), first spelling and place kept.
 * @param {Array<[string, string]>} headers
 * @returns {Array<[string, string | string[]]>}
 */
function groupHeaders(headers) {
  /** @type {Map<string, [string, string[]]>} */
  const byName = new Map();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const entry = byName.get(key);
    if (entry) entry[1].push(value);
    else byName.set(key, [name, [value]]);
  }
  return [...byName.values()].map(([name, values]) => [name, values.length === 1 ? /** @type {string} */ (values[0]) : values]);
}

/**
 * The recording of one response: its header list (raw names and order, as `rawHeaders` gives it)
 * without the connection's headers, and its body.
 * @param {string[]} rawHeaders
 * @param {Buffer} body
 */
function recordPage(rawHeaders, body) {
  /** @type {Array<[string, string]>} */
  const headers = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = /** @type {string} */ (rawHeaders[i]);
    if (!NOT_RECORDED.has(name.toLowerCase())) headers.push([name, /** @type {string} */ (rawHeaders[i + 1])]);
  }
  return { headers, body: body.toString('base64') };
}

module.exports = { loadRecordedPages, recordPage, RECORDED_PAGES_FILE: FILE_NAME, RECORDED_PAGES_FORMAT: FORMAT };
