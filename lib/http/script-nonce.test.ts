import { ServerResponse, IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allowPageScripts } from './script-nonce';

const CSP = "default-src 'none'; script-src 'none'; connect-src 'self'";

function response(csp: string | null): ServerResponse {
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  if (csp) res.setHeader('Content-Security-Policy', csp);
  return res;
}

describe('allowPageScripts', () => {
  it('gives a scripted page a fresh nonce with strict-dynamic, keeping the rest of the policy', () => {
    const res = response(CSP);
    const nonce = allowPageScripts('/nb/[notebookShareId]', res);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(res.getHeader('Content-Security-Policy')).toBe(`default-src 'none'; script-src 'nonce-${nonce}' 'strict-dynamic' 'self'; connect-src 'self'`);
    expect(allowPageScripts('/nb/[notebookShareId]', response(CSP))).not.toBe(nonce);
    // A shared cache would give everyone the same nonce.
    expect(res.getHeader('Cache-Control')).toBe('private, no-cache');
  });

  it('answers later calls for the same response with the same nonce, and leaves the policy as it was', () => {
    const res = response(CSP);
    const nonce = allowPageScripts('/nb/[notebookShareId]', res);
    const policy = res.getHeader('Content-Security-Policy');
    expect(allowPageScripts('/nb/[notebookShareId]', res)).toBe(nonce);
    expect(res.getHeader('Content-Security-Policy')).toBe(policy);
  });

  it.each([
    ['a public page', 'public, max-age=60, s-maxage=300', 'private, no-cache'],
    ['a 503', 'no-store', 'no-store'],
    ['private search results', 'private, max-age=60', 'private, max-age=60'],
  ])('keeps the nonce out of shared caches without loosening %s', (_name, before, after) => {
    const res = response(CSP);
    res.setHeader('Cache-Control', before);
    allowPageScripts('/nb/[notebookShareId]', res);
    expect(res.getHeader('Cache-Control')).toBe(after);
  });

  it.each([
    ['a content page', '/s/[shareId]/[[...slug]]', CSP],
    ['a response without a policy', '/nb/[notebookShareId]', null],
    ['a policy that does not forbid scripts', '/nb/[notebookShareId]', "script-src 'self'"],
  ])('leaves %s alone', (_name, page, csp) => {
    const res = response(csp);
    expect(allowPageScripts(page, res)).toBeUndefined();
    expect(res.getHeader('Content-Security-Policy') ?? null).toBe(csp);
  });
});
