import { ServerResponse, IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allowPageScript, allowPageScriptsByNonce, pageScriptSources } from './script-nonce';

const CSP = "default-src 'none'; script-src 'none'; connect-src 'self'";
const NOTEBOOK = '/nb/[notebookShareId]';
const SITE = { siteUrl: 'https://notes.example.com', assetPrefix: '' };
const CDN = { siteUrl: 'https://notes.example.com', assetPrefix: 'https://static.example.com' };
const PUBLIC = 'public, max-age=60, s-maxage=300';

function response(csp: string | null, cacheControl?: string): ServerResponse {
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  if (csp) res.setHeader('Content-Security-Policy', csp);
  if (cacheControl) res.setHeader('Cache-Control', cacheControl);
  return res;
}

function request(host?: string): Pick<IncomingMessage, 'headers'> {
  return { headers: host === undefined ? {} : { host } };
}

describe('pageScriptSources', () => {
  it.each([
    ['the public host', 'notes.example.com', SITE, 'https://notes.example.com/notebook.js'],
    ['the public host in capitals', 'NOTES.example.com', SITE, 'https://notes.example.com/notebook.js'],
    ['no Host header', undefined, SITE, 'https://notes.example.com/notebook.js'],
    ['another host (a function URL, a test server)', '127.0.0.1:3100', SITE, 'https://notes.example.com/notebook.js 127.0.0.1:3100/notebook.js'],
    ['an asset prefix, whatever the host', '127.0.0.1:3100', CDN, 'https://static.example.com/notebook.js'],
    // Hostile Host headers: never a second source, a wildcard or another directive.
    ['a Host adding a source', 'a.example.com *', SITE, 'https://notes.example.com/notebook.js'],
    ['a Host adding a directive', "a.example.com; script-src 'unsafe-inline'", SITE, 'https://notes.example.com/notebook.js'],
    ['a wildcard Host', '*', SITE, 'https://notes.example.com/notebook.js'],
    ['a Host with a path', 'evil.example/x', SITE, 'https://notes.example.com/notebook.js'],
    ['a Host with a scheme', 'https://evil.example', SITE, 'https://notes.example.com/notebook.js'],
    ['a Host with credentials', 'user@evil.example', SITE, 'https://notes.example.com/notebook.js'],
    ['an empty Host', '', SITE, 'https://notes.example.com/notebook.js'],
  ])('names exactly the script URL for %s', (_name, host, origins, sources) => {
    expect(pageScriptSources(NOTEBOOK, request(host), origins)).toBe(sources);
  });

  it('has nothing for a page without a script', () => {
    expect(pageScriptSources('/s/[shareId]/[[...slug]]', request('notes.example.com'), SITE)).toBeNull();
  });
});

describe('allowPageScript', () => {
  it('opens a scripted page to its script URL only, with no nonce and the page\'s caching untouched', () => {
    const res = response(CSP, PUBLIC);
    expect(allowPageScript(NOTEBOOK, request('notes.example.com'), res, SITE)).toBeUndefined();
    expect(res.getHeader('Content-Security-Policy')).toBe("default-src 'none'; script-src https://notes.example.com/notebook.js; connect-src 'self'");
    expect(res.getHeader('Cache-Control')).toBe(PUBLIC);
    // Idempotent: the policy no longer forbids scripts, so a second call changes nothing.
    allowPageScript(NOTEBOOK, request('notes.example.com'), res, SITE);
    expect(res.getHeader('Content-Security-Policy')).toBe("default-src 'none'; script-src https://notes.example.com/notebook.js; connect-src 'self'");
  });

  it('hands back the nonce of a response opened to one (the WeChat variant), leaving its policy as it was', () => {
    const res = response(CSP, PUBLIC);
    const nonce = allowPageScriptsByNonce(NOTEBOOK, request('notes.example.com'), res, SITE);
    const policy = res.getHeader('Content-Security-Policy');
    expect(allowPageScript(NOTEBOOK, request('notes.example.com'), res, SITE)).toBe(nonce);
    expect(res.getHeader('Content-Security-Policy')).toBe(policy);
  });

  it.each([
    ['a content page', '/s/[shareId]/[[...slug]]', CSP],
    ['a response without a policy', NOTEBOOK, null],
    ['a policy that does not forbid scripts', NOTEBOOK, "script-src 'self'"],
  ])('leaves %s alone', (_name, page, csp) => {
    const res = response(csp);
    expect(allowPageScript(page, request('notes.example.com'), res, SITE)).toBeUndefined();
    expect(res.getHeader('Content-Security-Policy') ?? null).toBe(csp);
  });
});

describe('allowPageScriptsByNonce', () => {
  it('gives a fresh nonce with strict-dynamic and the script URL as the fallback, keeping the rest of the policy', () => {
    const res = response(CSP);
    const nonce = allowPageScriptsByNonce(NOTEBOOK, request('notes.example.com'), res, SITE);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(res.getHeader('Content-Security-Policy')).toBe(`default-src 'none'; script-src 'nonce-${nonce}' 'strict-dynamic' https://notes.example.com/notebook.js; connect-src 'self'`);
    expect(allowPageScriptsByNonce(NOTEBOOK, request('notes.example.com'), response(CSP), SITE)).not.toBe(nonce);
    expect(allowPageScriptsByNonce(NOTEBOOK, request('notes.example.com'), res, SITE)).toBe(nonce);
  });

  it.each([
    ['a public page', PUBLIC, 'private, no-cache'],
    ['a 503', 'no-store', 'no-store'],
    ['the WeChat variant', 'private, no-store', 'private, no-store'],
  ])('keeps the nonce out of shared caches without loosening %s', (_name, before, after) => {
    const res = response(CSP, before);
    allowPageScriptsByNonce(NOTEBOOK, request('notes.example.com'), res, SITE);
    expect(res.getHeader('Cache-Control')).toBe(after);
  });
});
