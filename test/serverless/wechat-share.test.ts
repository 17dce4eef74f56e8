import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJsSdk } from '../../lib/wechat/sign-js-sdk';
import type { WeChatShareData } from '../../lib/wechat/get-wechat-share';
import { startFakeWeChatApi, TEST_APP_ID, TEST_APP_SECRET, type FakeWeChatApi } from '../fake-wechat-api';
import { startVarnishCdn, type VarnishCdn } from '../varnish-cdn';
import { removeDir, requireFunctionPackage, seededDatabase, type Server } from './harness';
import { listShares } from './shares';
import { notesCli, startWebFunction } from './split-setup';

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

/** The nonce of every script element the page runs (JSON data blocks apart). */
function scriptNonces(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*type="application\/(?:json|ld\+json)")([^>]*)>/g)].map((m) => /nonce="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? '(none)');
}

const og = (html: string, property: string): string | undefined => new RegExp(`<meta property="${property}" content="([^"]*)"`).exec(html)?.[1];

describe('WeChat share cards through the packaged function', () => {
  let db: { dir: string; dbPath: string };
  let api: FakeWeChatApi;
  let fn: Server;
  let plainFn: Server;
  let cdn: VarnishCdn;
  let path = '';
  let shareOf: ReturnType<typeof listShares>;
  let notebook = '';

  beforeAll(async () => {
    requireFunctionPackage();
    db = seededDatabase();
    shareOf = listShares(db.dbPath);
    const notebooks = JSON.parse(notesCli(db.dbPath, ['notebooks', '--json'])) as Array<{ name: string; shareId: string | null }>;
    notebook = notebooks.find((n) => n.name === '生活与工作')?.shareId ?? '';
    api = await startFakeWeChatApi();
    // Two notes a notebook page, so the demo notebook has numbered pages.
    const env = { NOTES_DB_PATH: db.dbPath, SITE_URL: SITE, NOTEBOOK_PAGE_SIZE: '2' };
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
    const notebookPage = await get(plainFn.url, `/nb/${notebook}`, WECHAT_UA);
    expect(notebookPage.body).not.toContain('wx-share');
    expect(notebookPage.headers.etag).toBeDefined();
    const marked = await get(plainFn.url, `/nb/${notebook}?from=singlemessage`, WECHAT_UA);
    expect(marked.status).toBe(301);
    expect(marked.headers.location).toBe(`/nb/${notebook}`);
    expect(marked.headers['cache-control']).toMatch(/no-store/);
  });

  it('notebook pages in WeChat, page 1 and numbered pages, carry the notebook\'s card signed for the exact URL', async () => {
    for (const page of [`/nb/${notebook}`, `/nb/${notebook}?page=2`, `/nb/${notebook}?page=2&from=singlemessage&isappinstalled=0`]) {
      const answer = await get(fn.url, page, WECHAT_UA);
      expect(answer.status, page).toBe(200);
      const data = shareData(answer.body);
      const canonical = `${SITE}${page.replace(/[?&]from=.*$/, '')}`;
      expect(data, page).toMatchObject({
        appId: TEST_APP_ID, url: `${SITE}${page}`, link: `${canonical}${canonical.includes('?') ? '&' : '?'}from=wechat`,
        imgUrl: expect.stringMatching(new RegExp(`^${SITE}/og/${notebook}/nb-[^/]+\\.png$`)) as unknown,
      });
      expect(data?.title).toContain('生活与工作');
      // The card is the page's Open Graph card.
      expect([data?.title, data?.desc, data?.imgUrl]).toEqual([og(answer.body, 'og:title'), og(answer.body, 'og:description'), og(answer.body, 'og:image')].map((v) => v?.replace(/&amp;/g, '&')));
      expect(data?.signature).toBe(signJsSdk({ ticket: api.ticket, nonceStr: data?.nonceStr ?? '', timestamp: data?.timestamp ?? 0, url: `${SITE}${page}` }));
      expect(answer.headers['cache-control']).toBe('private, no-store');
      expect(answer.headers.vary).toContain('User-Agent');
      expect(answer.headers.etag).toBeUndefined();
      expect(answer.headers['last-modified']).toBeUndefined();
      // The page's own script ("load more") and WeChat's run under one per-response nonce.
      // Browsers without 'strict-dynamic' fall back to the page script's URL (and WeChat's host).
      const nonce = /script-src 'nonce-([^']+)' 'strict-dynamic' (?:\S+\/notebook\.js )+'sha256-[A-Za-z0-9+/=]+' https:\/\/res\.wx\.qq\.com;/.exec(answer.headers['content-security-policy'] ?? '')?.[1];
      expect(nonce, answer.headers['content-security-policy']).toBeDefined();
      expect(scriptNonces(answer.body)).toEqual([nonce, nonce, nonce]);
      expect(answer.body).toMatch(/<script src="https:\/\/res\.wx\.qq\.com\/open\/js\/jweixin-1\.6\.0\.js" nonce=/);
      expect(answer.body).toMatch(/<script src="[^"]*\/notebook\.js" nonce="[^"]+" defer/);
    }
  });

  it('everyone else keeps the common notebook page, in any order of visits, cached as without share cards', async () => {
    const common = await get(plainFn.url, `/nb/${notebook}`, BROWSER_UA);
    for (const ua of [BROWSER_UA, WECHAT_UA, BROWSER_UA, WECHAT_UA, BROWSER_UA]) {
      const answer = await get(fn.url, `/nb/${notebook}`, ua);
      expect(answer.status).toBe(200);
      if (ua === WECHAT_UA) {
        expect(shareData(answer.body), 'WeChat').not.toBeNull();
        continue;
      }
      expect(answer.body).not.toContain('wx-share');
      expect(answer.body).not.toContain('res.wx.qq.com');
      expect(answer.headers['cache-control']).toBe(common.headers['cache-control']);
      expect(answer.headers.etag).toBe(common.headers.etag);
      expect(answer.headers['content-security-policy']).not.toContain('res.wx.qq.com');
      // No nonce on the common page (it is publicly cached): its one script is allowed by URL.
      expect(answer.headers['content-security-policy']).not.toContain('nonce-');
      expect(answer.headers['content-security-policy']).toContain(`script-src ${SITE}/notebook.js `);
      expect(answer.headers['cache-control']).toMatch(/^public, /);
      expect(scriptNonces(answer.body)).toEqual(['(none)']);
    }
  });

  it('notebook links shared in WeChat, through the CDN: WeChat gets the card every time, no one else ever does', async () => {
    const clean = `/nb/${notebook}?page=2`;
    for (const marked of [`${clean}&from=singlemessage&isappinstalled=0`, `/nb/${notebook}?from=timeline`, `${clean}&from=wechat`]) {
      const wechat = await get(cdn.url, marked, WECHAT_UA);
      expect(wechat.status, marked).toBe(200);
      expect(shareData(wechat.body)?.url, marked).toBe(`${SITE}${marked}`);
      const other = await get(cdn.url, marked, BROWSER_UA);
      expect(other.status, marked).toBe(301);
      expect(other.headers.location).toBe(marked.replace(/[?&](from|isappinstalled)=.*$/, ''));
      expect(other.headers['cache-control'], 'the redirect is not stored either').toMatch(/no-store/);
      expect(shareData((await get(cdn.url, marked, WECHAT_UA)).body), `${marked} after a browser`).not.toBeNull();
    }
    expect(shareData((await get(cdn.url, clean, WECHAT_UA)).body)).not.toBeNull();
    let browserVisits = 0;
    for (const ua of [BROWSER_UA, BROWSER_UA, WECHAT_UA, BROWSER_UA, WECHAT_UA]) {
      const answer = await get(cdn.url, clean, ua);
      expect(answer.status).toBe(200);
      if (ua === BROWSER_UA) expect(answer.body, 'a browser behind the CDN').not.toContain('wx-share');
      if (shareData(answer.body)) expect(answer.headers['x-cache'], 'the variant is never a CDN hit').toBe('MISS');
      // The common page is stored by the CDN after its first visit, and no nonce is ever stored with it.
      if (ua === BROWSER_UA && (browserVisits += 1) > 1) expect(answer.headers['x-cache'], 'the common notebook page from the CDN').toBe('HIT');
      if (answer.headers['x-cache'] === 'HIT') {
        expect(answer.headers['content-security-policy']).not.toContain('nonce-');
        expect(scriptNonces(answer.body)).toEqual(['(none)']);
      }
    }
  });

  it('notebook search results in WeChat are the common result page; unknown notebooks answer as for everyone', async () => {
    const search = await get(fn.url, `/nb/${notebook}?q=${encodeURIComponent('笔记')}`, WECHAT_UA);
    expect(search.status).toBe(200);
    expect(search.body).toContain('<mark>笔记</mark>');
    expect(shareData(search.body)).toBeNull();
    expect(search.headers['cache-control']).toBe('private, max-age=60');
    expect(search.headers['x-robots-tag']).toContain('noindex');
    expect(search.headers['content-security-policy']).not.toContain('res.wx.qq.com');
    const marked = await get(fn.url, `/nb/${notebook}?q=${encodeURIComponent('笔记')}&from=singlemessage`, WECHAT_UA);
    expect(marked.status).toBe(301);
    expect(marked.headers.location).toBe(`/nb/${notebook}?q=${encodeURIComponent('笔记')}`);
    expect(marked.headers['cache-control']).toMatch(/no-store/);
    expect((await get(fn.url, '/nb/AAAAAAAAAAAAAAAAAAAAAA', WECHAT_UA)).status).toBe(404);
    expect((await get(fn.url, `/nb/${notebook}?page=99`, WECHAT_UA)).status).toBe(404);
  });

  it('a slow WeChat API costs a page its card, not its time; the card comes back', async () => {
    const restarted = await startWebFunction({ NOTES_DB_PATH: db.dbPath, SITE_URL: SITE, WECHAT_APP_ID: TEST_APP_ID, WECHAT_APP_SECRET: TEST_APP_SECRET, WECHAT_API_BASE: api.url });
    try {
      api.mode = 'hold';
      const arrived = api.nextRequest();
      // Answered while WeChat still holds the token request (released only below): it did not wait for it.
      const answer = await get(restarted.url, `/nb/${notebook}`, WECHAT_UA);
      expect(answer.status).toBe(200);
      expect(shareData(answer.body)).toBeNull();
      expect(answer.headers['content-security-policy']).not.toContain('res.wx.qq.com');
      expect(answer.headers['cache-control']).toBe('private, no-store');
      await arrived;
      api.mode = 'ok';
      api.release();
      await expect.poll(async () => shareData((await get(restarted.url, `/nb/${notebook}`, WECHAT_UA)).body)?.signature ?? null).not.toBeNull();
      expect(restarted.output()).not.toMatch(/WeChat API failed/);
    } finally {
      api.mode = 'ok';
      api.release();
      await restarted.stop();
    }
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
          const notebookPage = await get(restarted.url, `/nb/${notebook}`, WECHAT_UA);
          expect(notebookPage.status, mode).toBe(200);
          expect(shareData(notebookPage.body)).toBeNull();
          expect(notebookPage.headers['content-security-policy']).not.toContain('res.wx.qq.com');
          // The page keeps its own script ("load more").
          expect(scriptNonces(notebookPage.body)).toHaveLength(1);
        }
      }
      expect(restarted.output().match(/WeChat API failed/g)).toHaveLength(1);
    } finally {
      api.mode = 'ok';
      await restarted.stop();
    }
  });
});
