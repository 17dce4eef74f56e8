import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PRIVATE_REVALIDATE } from './cache-control';

/**
 * Pages that run JavaScript, and the one script each runs (a public/ file: a progressive
 * enhancement, no framework runtime). Every other page keeps `script-src 'none'` from next.config.js.
 */
const SCRIPTED_PAGES = new Map([['/nb/[notebookShareId]', '/notebook.js']]);

/** The script a page runs (a path under public/), if any. */
export function pageScript(page: string): string | null {
  return SCRIPTED_PAGES.get(page) ?? null;
}

/** Where the page's script is fetched from: the public origin and the asset prefix, both fixed per deployment. */
export type ScriptOrigins = { siteUrl: string; assetPrefix: string };

/** A Host header that can stand in a CSP host-source as it is: a name or IPv4 address, an optional port. */
const PLAIN_HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::\d{1,5})?$/;

/**
 * The CSP sources that allow exactly the page's script URL (host-sources with a full path, which
 * match that one path: CSP Level 2 §4.2.2.3) and nothing else on any origin. With an asset prefix
 * the page references `<prefix>/notebook.js` only. Without one it references `/notebook.js` on
 * whatever host it was asked on: the public origin, and the request's own host (scheme-less, so it
 * follows the page's scheme) when that differs, e.g. a function URL or a test server. The Host
 * header is used only when it is a plain host[:port], so it cannot add a source or a directive;
 * caches key pages on the host, so one host's policy is not served to another.
 */
export function pageScriptSources(page: string, req: Pick<IncomingMessage, 'headers'> | undefined, origins: ScriptOrigins): string | null {
  const script = SCRIPTED_PAGES.get(page);
  if (!script) return null;
  if (origins.assetPrefix) return `${origins.assetPrefix}${script}`;
  const site = `${origins.siteUrl}${script}`;
  const host = req?.headers.host;
  if (typeof host !== 'string' || !PLAIN_HOST.test(host) || host.toLowerCase() === new URL(origins.siteUrl).host) return site;
  return `${site} ${host.toLowerCase()}${script}`;
}

/** The nonce a response's policy was opened to already (the WeChat variant), if any. */
function openedNonce(csp: string): string | undefined {
  return /script-src 'nonce-([A-Za-z0-9+/]+={0,2})' 'strict-dynamic'/.exec(csp)?.[1];
}

/**
 * Opens the CSP of a scripted page to its one script by URL: no nonce, so the page stays as
 * cacheable as the page chose (public, with its ETag). Returns the nonce instead when the response
 * was opened to one already (the page's WeChat variant, see `allowPageScriptsByNonce`): its script
 * tag must then carry it, since 'strict-dynamic' ignores URLs.
 */
export function allowPageScript(page: string, req: Pick<IncomingMessage, 'headers'> | undefined, res: ServerResponse | undefined, origins: ScriptOrigins): string | undefined {
  const sources = pageScriptSources(page, req, origins);
  if (!sources || !res || res.headersSent) return undefined;
  const current = res.getHeader('Content-Security-Policy');
  if (typeof current !== 'string') return undefined;
  const opened = openedNonce(current);
  if (opened) return opened;
  if (current.includes("script-src 'none'")) res.setHeader('Content-Security-Policy', current.replace("script-src 'none'", `script-src ${sources}`));
  return undefined;
}

/**
 * Opens the CSP of a scripted page to a fresh nonce with 'strict-dynamic', for a private variant
 * that adds scripts of its own (WeChat's SDK loads further scripts from hosts we do not choose).
 * The page's script URL stays in the policy for browsers without 'strict-dynamic'. The response
 * becomes private: a nonce is only worth something if nobody else saw it. Returns the nonce for
 * the variant's scripts and the document's, the same one on every call for one response.
 */
export function allowPageScriptsByNonce(page: string, req: Pick<IncomingMessage, 'headers'> | undefined, res: ServerResponse | undefined, origins: ScriptOrigins): string | undefined {
  const sources = pageScriptSources(page, req, origins);
  if (!sources || !res || res.headersSent) return undefined;
  const current = res.getHeader('Content-Security-Policy');
  if (typeof current !== 'string') return undefined;
  const opened = openedNonce(current);
  if (opened) return opened;
  if (!current.includes("script-src 'none'")) return undefined;
  const nonce = randomBytes(16).toString('base64');
  res.setHeader('Content-Security-Policy', current.replace("script-src 'none'", `script-src 'nonce-${nonce}' 'strict-dynamic' ${sources}`));
  // Only ever tightens what the page chose: a 503's no-store and private search results stay as they are.
  const cacheControl = res.getHeader('Cache-Control');
  if (typeof cacheControl !== 'string' || !/\b(?:no-store|private)\b/.test(cacheControl)) res.setHeader('Cache-Control', PRIVATE_REVALIDATE);
  return nonce;
}
