import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
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

/**
 * Opens the CSP of a scripted page to its own scripts: a fresh nonce per response, with
 * 'strict-dynamic' so the chunks those scripts load may run too. Turbopack's build inlines a
 * bootstrap script into every scripted page, so a host allow-list alone cannot work, and its
 * content (hence a hash) is only known while rendering. The response becomes private: a nonce is
 * only worth something if nobody else saw it. Returns the nonce for <Head>/<NextScript>, the same
 * one on every call for one response.
 */
export function allowPageScripts(page: string, res: ServerResponse | undefined): string | undefined {
  if (!SCRIPTED_PAGES.has(page) || !res || res.headersSent) return undefined;
  const current = res.getHeader('Content-Security-Policy');
  if (typeof current !== 'string') return undefined;
  // Opened already for this response (the page's WeChat variant, whose scripts carry the same nonce).
  const opened = /script-src 'nonce-([A-Za-z0-9+/]+={0,2})' 'strict-dynamic'/.exec(current)?.[1];
  if (opened) return opened;
  if (!current.includes("script-src 'none'")) return undefined;
  const nonce = randomBytes(16).toString('base64');
  // 'self' is the fallback for browsers without 'strict-dynamic' (they ignore the nonce rules' strictness).
  res.setHeader('Content-Security-Policy', current.replace("script-src 'none'", `script-src 'nonce-${nonce}' 'strict-dynamic' 'self'`));
  // Only ever tightens what the page chose: a 503's no-store and private search results stay as they are.
  const cacheControl = res.getHeader('Cache-Control');
  if (typeof cacheControl !== 'string' || !/\b(?:no-store|private)\b/.test(cacheControl)) res.setHeader('Cache-Control', PRIVATE_REVALIDATE);
  return nonce;
}
