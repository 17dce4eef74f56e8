import { createHash } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allowPageScript, allowPageScriptsByNonce } from '../http/script-nonce';
import { allowWeChatScripts } from './share-script';
import { WECHAT_SHARE_SCRIPT } from './share-script-text';
import { shareCardFromOpenGraph } from './wechat-variant';

const HASH = `'sha256-${createHash('sha256').update(WECHAT_SHARE_SCRIPT).digest('base64')}'`;
const CSP = "default-src 'none'; script-src 'none'; form-action 'self'";
const REQUEST = { headers: { host: 'notes.example.com' } };
const ORIGINS = { siteUrl: 'https://notes.example.com', assetPrefix: '' };

function response(csp: string | null): ServerResponse {
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  if (csp) res.setHeader('Content-Security-Policy', csp);
  return res;
}

describe('allowWeChatScripts', () => {
  it('opens a script-free page to the SDK and the inline script only', () => {
    const res = response(CSP);
    allowWeChatScripts(res);
    expect(res.getHeader('Content-Security-Policy')).toBe(`default-src 'none'; script-src ${HASH} https://res.wx.qq.com; form-action 'self'`);
  });

  it('adds them to a scripted page\'s nonce policy, which the page\'s own script keeps', () => {
    const res = response(CSP);
    const nonce = allowPageScriptsByNonce('/nb/[notebookShareId]', REQUEST, res, ORIGINS);
    allowWeChatScripts(res);
    allowWeChatScripts(res);
    expect(res.getHeader('Content-Security-Policy')).toBe(`default-src 'none'; script-src 'nonce-${nonce}' 'strict-dynamic' https://notes.example.com/notebook.js ${HASH} https://res.wx.qq.com; form-action 'self'`);
    // The document asks again for the page's own script: the same nonce.
    expect(allowPageScript('/nb/[notebookShareId]', REQUEST, res, ORIGINS)).toBe(nonce);
  });

  it.each([
    ['a response without a policy', null],
    ['a policy without scripts to open', "default-src 'none'; script-src 'self'"],
  ])('leaves %s alone', (_name, csp) => {
    const res = response(csp);
    allowWeChatScripts(res);
    expect(res.getHeader('Content-Security-Policy') ?? null).toBe(csp);
  });
});

describe('shareCardFromOpenGraph', () => {
  const tags = [
    { id: 'og:title', content: '生活与工作' },
    { id: 'og:description', content: '12 篇笔记' },
    { id: 'og:url', content: 'https://notes.example.com/nb/abc' },
    { id: 'og:image', content: 'https://notes.example.com/og/abc/nb-1-c1.png' },
    { id: 'twitter:title', content: 'not this one' },
  ];

  it('reads the card from the page\'s Open Graph tags', () => {
    expect(shareCardFromOpenGraph(tags)).toEqual({
      title: '生活与工作', description: '12 篇笔记', canonicalUrl: 'https://notes.example.com/nb/abc', imageUrl: 'https://notes.example.com/og/abc/nb-1-c1.png',
    });
  });

  it.each(['og:title', 'og:url', 'og:image'])('has no card without %s', (missing) => {
    expect(shareCardFromOpenGraph(tags.filter((tag) => tag.id !== missing))).toBeNull();
  });
});
