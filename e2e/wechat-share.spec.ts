import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signJsSdk } from '../lib/wechat/sign-js-sdk';
import { startFakeWeChatApi, TEST_APP_ID, TEST_APP_SECRET, type FakeWeChatApi } from '../test/fake-wechat-api';
import { e2eEnv } from '../playwright.config';
import { notebookShareIdOf, shareIdOf } from './notes';

/**
 * The WeChat variant's script in a real browser: WeChat's SDK is replaced by a stub `wx` that
 * records calls, and the page must configure it with the signed data and set both share cards.
 * Served by the function package (dist/, `npm run package`) with share cards on and a WeChat API
 * stand-in; the browser claims to be WeChat's.
 */

const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0 Mobile Safari/537.36 XWEB/1260059 MMWEBSDK/20240301 MicroMessenger/8.0.48.2580(0x28003035) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';

const WX_STUB = `window.__wxCalls = [];
window.wx = {
  config: function (c) { window.__wxCalls.push(['config', c]); },
  ready: function (fn) { window.__wxCalls.push(['ready']); setTimeout(fn, 0); },
  error: function () {},
  updateAppMessageShareData: function (d) { window.__wxCalls.push(['updateAppMessageShareData', d]); },
  updateTimelineShareData: function (d) { window.__wxCalls.push(['updateTimelineShareData', d]); },
};`;

type Call = [string, Record<string, unknown>?];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

let api: FakeWeChatApi;
let server: ChildProcess;
let baseUrl = '';
let dbDir = '';

test.use({ userAgent: WECHAT_UA });

test.beforeAll(async () => {
  test.skip(!existsSync('dist/app-server.js'), 'needs the function package (npm run package)');
  api = await startFakeWeChatApi();
  dbDir = mkdtempSync(join(tmpdir(), 'wechat-e2e-'));
  copyFileSync(e2eEnv.NOTES_DB_PATH, join(dbDir, 'notes.db'));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['app-server.js'], {
    cwd: 'dist',
    env: { ...process.env, ...e2eEnv, PORT: String(port), HOSTNAME: '127.0.0.1', NOTES_DB_PATH: join(dbDir, 'notes.db'), WECHAT_APP_ID: TEST_APP_ID, WECHAT_APP_SECRET: TEST_APP_SECRET, WECHAT_API_BASE: api.url },
    stdio: 'ignore',
  });
  await expect.poll(async () => (await fetch(`${baseUrl}/robots.txt`).catch(() => null))?.status ?? 0, { timeout: 30_000 }).toBe(200);
});

test.afterAll(async () => {
  server?.kill('SIGTERM');
  await api?.close();
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
});

test('in WeChat, the page configures the SDK with the signed data and sets both share cards', async ({ page }) => {
  await page.route('https://res.wx.qq.com/**', (route) => route.fulfill({ contentType: 'application/javascript', body: WX_STUB }));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${baseUrl}/s/${shareIdOf('周末杭州')}/x?from=singlemessage&isappinstalled=0`);
  await expect(page).toHaveURL(/\?from=singlemessage&isappinstalled=0$/);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __wxCalls: Call[] }).__wxCalls.length)).toBe(4);
  const calls = await page.evaluate(() => (window as unknown as { __wxCalls: Call[] }).__wxCalls);
  const data = JSON.parse(await page.locator('#wx-share').textContent() ?? '{}') as Record<string, string | number>;
  const { pathname, search } = new URL(page.url());
  expect(String(data.url).endsWith(`${pathname}${search}`)).toBe(true);
  expect(data.signature).toBe(signJsSdk({ ticket: api.ticket, nonceStr: String(data.nonceStr), timestamp: Number(data.timestamp), url: String(data.url) }));
  expect(calls.map((c) => c[0])).toEqual(['config', 'ready', 'updateAppMessageShareData', 'updateTimelineShareData']);
  expect(calls[0]?.[1]).toEqual({
    debug: false, appId: TEST_APP_ID, timestamp: data.timestamp, nonceStr: data.nonceStr, signature: data.signature,
    jsApiList: ['updateAppMessageShareData', 'updateTimelineShareData'],
  });
  expect(calls[2]?.[1]).toEqual({ title: '周末杭州两日游攻略', desc: data.desc, link: data.link, imgUrl: data.imgUrl });
  expect(calls[3]?.[1]).toEqual({ title: '周末杭州两日游攻略', link: data.link, imgUrl: data.imgUrl });
  expect(String(data.link)).toMatch(/\/s\/[A-Za-z0-9_-]{22}\/[^?]+\?from=wechat$/);
  expect(String(data.imgUrl)).toMatch(/\/og\/[A-Za-z0-9_-]{22}\/[^/]+\.png$/);
  expect(String(data.desc).length).toBeGreaterThan(10);
  // The CSP let exactly these scripts run: no violation reported.
  expect(errors).toEqual([]);
});

test('without WeChat\'s user agent the same URL runs no script at all', async ({ browser }) => {
  const context = await browser.newContext({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36' });
  const page = await context.newPage();
  let sdkRequested = false;
  await page.route('https://res.wx.qq.com/**', (route) => {
    sdkRequested = true;
    return route.abort();
  });
  await page.goto(`${baseUrl}/s/${shareIdOf('周末杭州')}/x`);
  expect(await page.locator('script:not([type="application/ld+json"])').count()).toBe(0);
  expect(sdkRequested).toBe(false);
  await context.close();
});

test('in WeChat, a notebook page sets both share cards with the notebook\'s card and keeps its "load more"', async ({ page }) => {
  await page.route('https://res.wx.qq.com/**', (route) => route.fulfill({ contentType: 'application/javascript', body: WX_STUB }));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const id = notebookShareIdOf('生活与工作');
  await page.goto(`${baseUrl}/nb/${id}?from=groupmessage&isappinstalled=0`);
  await expect(page).toHaveURL(/\?from=groupmessage&isappinstalled=0$/);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __wxCalls: Call[] }).__wxCalls.length)).toBe(4);
  const calls = await page.evaluate(() => (window as unknown as { __wxCalls: Call[] }).__wxCalls);
  const data = JSON.parse(await page.locator('#wx-share').textContent() ?? '{}') as Record<string, string | number>;
  expect(data.url).toBe(`${e2eEnv.SITE_URL}/nb/${id}?from=groupmessage&isappinstalled=0`);
  expect(data.signature).toBe(signJsSdk({ ticket: api.ticket, nonceStr: String(data.nonceStr), timestamp: Number(data.timestamp), url: String(data.url) }));
  expect(calls.map((c) => c[0])).toEqual(['config', 'ready', 'updateAppMessageShareData', 'updateTimelineShareData']);
  expect(calls[0]?.[1]).toMatchObject({ appId: TEST_APP_ID, timestamp: data.timestamp, nonceStr: data.nonceStr, signature: data.signature });
  const ogImage = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(calls[2]?.[1]).toEqual({ title: '生活与工作', desc: await page.locator('meta[property="og:description"]').getAttribute('content'), link: `${e2eEnv.SITE_URL}/nb/${id}?from=wechat`, imgUrl: ogImage });
  expect(calls[3]?.[1]).toEqual({ title: '生活与工作', link: `${e2eEnv.SITE_URL}/nb/${id}?from=wechat`, imgUrl: ogImage });
  expect(String(ogImage)).toMatch(new RegExp(`/og/${id}/nb-[^/]+\\.png$`));
  // The page's own script runs beside WeChat's, under the same nonce.
  await page.getByRole('button', { name: '加载更多' }).click();
  await expect(page.getByTestId('notebook-notes').getByRole('listitem')).toHaveCount(3);
  expect(errors).toEqual([]);
});

test('without WeChat\'s user agent a notebook page runs only its "load more" script', async ({ browser }) => {
  const context = await browser.newContext({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36' });
  const page = await context.newPage();
  let sdkRequested = false;
  await page.route('https://res.wx.qq.com/**', (route) => {
    sdkRequested = true;
    return route.abort();
  });
  const id = notebookShareIdOf('生活与工作');
  await page.goto(`${baseUrl}/nb/${id}`);
  const scripts = await page.locator('script:not([type="application/ld+json"])').evaluateAll((elements) => elements.map((e) => e.getAttribute('src')));
  expect(scripts).toEqual(['/notebook.js']);
  expect(await page.locator('#wx-share').count()).toBe(0);
  await page.getByRole('button', { name: '加载更多' }).click();
  await expect(page.getByTestId('notebook-notes').getByRole('listitem')).toHaveCount(3);
  expect(sdkRequested).toBe(false);
  await context.close();
});
