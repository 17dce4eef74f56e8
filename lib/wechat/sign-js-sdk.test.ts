import { describe, expect, it } from 'vitest';
import { newNonceStr, signJsSdk } from './sign-js-sdk';

const DOC_EXAMPLE = {
  ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
  nonceStr: 'Wm3WZYTPz0wzccnW',
  timestamp: 1414587457,
  url: 'http://mp.weixin.qq.com?params=value',
};

describe('signJsSdk', () => {
  it("gives the known answer of WeChat's JS-SDK documentation", () => {
    expect(signJsSdk(DOC_EXAMPLE)).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it.each<[string, Partial<typeof DOC_EXAMPLE>, boolean]>([
    ['a fragment is not signed', { url: `${DOC_EXAMPLE.url}#section-2` }, true],
    ['another query is another URL', { url: 'http://mp.weixin.qq.com?params=other' }, false],
    ['escaping changes the URL', { url: 'http://mp.weixin.qq.com?params%3Dvalue' }, false],
    ['another timestamp', { timestamp: 1414587458 }, false],
    ['another nonce', { nonceStr: 'Wm3WZYTPz0wzccnX' }, false],
  ])('%s', (_, change, isSame) => {
    expect(signJsSdk({ ...DOC_EXAMPLE, ...change }) === signJsSdk(DOC_EXAMPLE)).toBe(isSame);
  });

  it('nonces are 16 letters and digits, and differ', () => {
    const nonces = Array.from({ length: 50 }, newNonceStr);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(new Set(nonces).size).toBe(50);
  });
});
