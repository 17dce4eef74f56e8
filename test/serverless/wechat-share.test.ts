import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJsSdk } from '../../lib/wechat/sign-js-sdk';
import type { WeChatShareData } from '../../lib/wechat/get-wechat-share';
import { startFakeWeChatApi, TEST_APP_ID, TEST_APP_SECRET, type FakeWeChatApi } from '../fake-wechat-api';
import { startVarnishCdn, type VarnishCdn } from '../varnish-cdn';
import { removeDir, requireFunctionPackage, seededDatabase, type Server } from './harness';
import { listShares } from './shares';
import { startWebFunction } from './split-setup';

/**
 * WeChat share cards through the packaged function, with a WeChat API stand-in and Debian's
 * varnish as the CDN (caches by URL, honours Cache-Control, ignores Vary).
 */

const SITE = 'https://notes.example.com';
const WECHAT_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';
const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

interface Answer { status: number; headers: Record<string, string>; body: string }

async function get(base: string, path: string, ua: string): Promise<Answer> {
  const res = await fetch(base + path, { redirect: 'manual', headers: { 'user-agent': ua } });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

function shareData(html: string): WeChatShareData | null {
  const json = /<script type="application\/json" id="wx-share">([^<]*)<\/script>/.exec(html)?.[1];
  return json ? JSON.parse(json) as WeChatShareData : null;
}

describe('WeChat share cards through the packaged function', () => {
  let db: { dir: string; dbPath: string };
  let api: FakeWeChatApi;
  let fn: Server;
  let plainFn: Server;
  let cdn: VarnishCdn;
  let path = '';
  let shareOf: ReturnType<typeof listShares>;

  beforeAll(async () => {
    requireFunctionPackage();
    db = seededDatabase();
    shareOf = listShares(db.dbPath);
    api = await startFakeWeChatApi();
    const env = { NOTES_DB_PATH: db.dbPath, SITE_URL: SITE };
    [fn, plainFn] = await Promise.all([
      startWebFunction({ ...env, WECHAT_APP_ID: TEST_APP_ID, WECHAT_APP_SECRET: TEST_APP_SECRET, WECHAT_API_BASE: api.url }),
      startWebFunction(env),
    ]);
    cdn = await startVarnishCdn(fn.url);
    const home = await get(fn.url, `/s/${shareOf('周末杭州')}`, BROWSER_UA);
    path = home.headers.location ?? '';
  });

  afterAll(async () => {
    await Promise.all([fn, plainFn].map((s) => s?.stop()));
    await cdn?.stop();
    await api?.close();
    if (db) removeDir(db.dir);
  });

  it('WeChat gets signed share data for the exact URL, private to it, with WeChat\'s SDK allowed by the CSP', async () => {
    const answer = await get(fn.url, path, WECHAT_UA);
    expect(answer.status).toBe(200);
    const data = shareData(answer.body);
    expect(data).toMatchObject({
      appId: TEST_APP_ID, url: `${SITE}${path}`, title: '周末杭州两日游攻略', link: `${SITE}${path}?from=wechat`,
      imgUrl: expect.stringMatching(new RegExp(`^${SITE}/og/${shareOf('周末杭州')}/[^/]+\\.png$`)) as unknown,
    });
    expect(data?.desc.length).toBeGreaterThan(10);
    expect(data?.signature).toBe(signJsSdk({ ticket: api.ticket, nonceStr: data?.nonceStr ?? '', timestamp: data?.timestamp ?? 0, url: `${SITE}${path}` }));
    expect(Math.abs((data?.timestamp ?? 0) - Date.now() / 1000)).toBeLessThan(60);
    expect(answer.headers['cache-control']).toBe('private, no-store');
    expect(answer.headers.vary).toContain('User-Agent');
    expect(answer.headers.etag).toBeUndefined();
    expect(answer.headers['content-security-policy']).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+' https:\/\/res\.wx\.qq\.com;/);
    expect(answer.body).toContain('<script src="https://res.wx.qq.com/open/js/jweixin-1.6.0.js">');
    expect(api.calls.filter((c) => c === '/cgi-bin/token')).toEqual([]);
  });

  it('everyone else keeps the zero-JS, cacheable page, in any order of visits (the page cache and fast path never mix them)', async () => {
    for (const ua of [BROWSER_UA, WECHAT_UA, BROWSER_UA, BROWSER_UA, WECHAT_UA, WECHAT_UA]) {
      const answer = await get(fn.url, path, ua);
      expect(answer.status).toBe(200);
      if (ua === WECHAT_UA) {
        expect(shareData(answer.body), 'WeChat').not.toBeNull();
        continue;
      }
      expect(answer.body).not.toContain('wx-share');
      expect(answer.body).not.toContain('res.wx.qq.com');
      expect(answer.headers['cache-control']).toMatch(/^public, .*s-maxage=/);
      expect(answer.headers['content-security-policy']).toContain("script-src 'none'");
      expect(answer.headers.etag).toBeDefined();
    }
  });

  it('through the CDN: the variant is never stored; the common page is, and never reaches WeChat as a variant', async () => {
    const fresh = `/s/${shareOf('Sourdough')}`;
    const cleanPath = (await get(fn.url, fresh, BROWSER_UA)).headers.location ?? '';
    const first = await get(cdn.url, cleanPath, WECHAT_UA);
    expect(shareData(first.body)).not.toBeNull();
    // The CDN did not keep it: a browser gets the common page, which the CDN then keeps.
    const browser = await get(cdn.url, cleanPath, BROWSER_UA);
    expect(browser.body).not.toContain('wx-share');
    expect((await get(cdn.url, cleanPath, BROWSER_UA)).headers['x-cache']).toBe('HIT');
    // A WeChat visitor of the clean URL now gets the CDN's common page (the limit docs/wechat.md names) ...
    expect(shareData((await get(cdn.url, cleanPath, WECHAT_UA)).body)).toBeNull();
    // ... but links shared in WeChat carry its markers, which the CDN never answers from its cache.
    for (const marked of [`${cleanPath}?from=singlemessage&isappinstalled=0`, `${cleanPath}?from=wechat`]) {
      const wechat = await get(cdn.url, marked, WECHAT_UA);
      expect(wechat.status, marked).toBe(200);
      expect(shareData(wechat.body)?.url, marked).toBe(`${SITE}${marked}`);
      const other = await get(cdn.url, marked, BROWSER_UA);
      expect(other.status, marked).toBe(301);
      expect(other.headers.location).toBe(cleanPath);
      expect(other.headers['cache-control'], 'the redirect is not stored either').toMatch(/no-store/);
      expect(shareData((await get(cdn.url, marked, WECHAT_UA)).body), `${marked} after a browser`).not.toBeNull();
    }
  });

  it('link-only notes keep noindex in WeChat too; revoked and unknown notes answer as for everyone', async () => {
    const linkOnly = await get(fn.url, `/s/${shareOf('Draft')}`, BROWSER_UA);
    const variant = await get(fn.url, linkOnly.headers.location ?? '', WECHAT_UA);
    expect(variant.headers['x-robots-tag']).toContain('noindex');
    expect((await get(fn.url, `/s/${shareOf.revoked}/x`, WECHAT_UA)).status).toBe(410);
    expect((await get(fn.url, '/s/AAAAAAAAAAAAAAAAAAAAAA/x', WECHAT_UA)).status).toBe(404);
    const oldSlug = await get(fn.url, `/s/${shareOf('周末杭州')}/old-title?from=timeline`, WECHAT_UA);
    expect(oldSlug.status).toBe(301);
    expect(oldSlug.headers.location).toBe(`${path}?from=timeline`);
  });

  it('with share cards off, WeChat gets the common page', async () => {
    const answer = await get(plainFn.url, path, WECHAT_UA);
    expect(answer.body).not.toContain('wx-share');
    expect(answer.headers['cache-control']).toMatch(/^public/);
  });

  it('a dead or failing WeChat API costs the share card, never the page; logged once', async () => {
    const restarted = await startWebFunction({ NOTES_DB_PATH: db.dbPath, SITE_URL: SITE, WECHAT_APP_ID: TEST_APP_ID, WECHAT_APP_SECRET: TEST_APP_SECRET, WECHAT_API_BASE: api.url });
    try {
      for (const mode of ['dead', 'quota'] as const) {
        api.mode = mode;
        for (let i = 0; i < 3; i += 1) {
          const answer = await get(restarted.url, path, WECHAT_UA);
          expect(answer.status, mode).toBe(200);
          expect(shareData(answer.body)).toBeNull();
          expect(answer.body).not.toContain('res.wx.qq.com');
          expect(answer.headers['content-security-policy']).toContain("script-src 'none'");
        }
      }
      expect(restarted.output().match(/WeChat API failed/g)).toHaveLength(1);
    } finally {
      api.mode = 'ok';
      await restarted.stop();
    }
  });
});
