import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The server entry's front (plain JavaScript, outside the Next build).
import front from '../runtime/site-front.js';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('canonicalVariant', () => {
  it.each([
    ['/en/', '/en'],
    ['/EN', '/en'],
    ['/En/features', '/en/features'],
    ['/zh-CN', '/'],
    ['/zh-cn/', '/'],
    ['/zh-CN/features', '/features'],
    ['/zh-CN/explore?page=3', '/explore?page=3'],
    ['/?utm_source=x', '/'],
    ['/features?anything=1', '/features'],
    ['/download/', '/download'],
    ['/explore?page=1', '/explore'],
    ['/explore?page=2&utm_source=x', '/explore?page=2'],
    ['/en/explore/?page=2', '/en/explore?page=2'],
    [`/en/nb/${ID}`, `/nb/${ID}`],
    [`/EN/nb/${ID}/?page=2&fbclid=1`, `/nb/${ID}?page=2`],
    [`/en/nb/${ID}?q=tea`, `/nb/${ID}?q=tea`],
    // Repeated slashes are a spelling of their own, on pages and elsewhere (Next would answer an uncached 308).
    ['//explore', '/explore'],
    ['/explore//?page=2&utm_source=x', '/explore?page=2'],
    ['//en//features/', '/en/features'],
    [`//nb/${ID}`, `/nb/${ID}`],
    ['/en//', '/en'],
    ['//', '/'],
    ['//evil.example.com', '/evil.example.com'],
    ['//sitemap.xml', '/sitemap.xml'],
    ['/feeds//notes.xml?x=1', '/feeds/notes.xml?x=1'],
    ['/explore?', '/explore'],
  ])('%s redirects to %s', (url, location) => {
    expect(front.canonicalVariant(url)).toEqual({ kind: 'redirect', location, cacheControl: expect.stringMatching(/^public, max-age=\d+, s-maxage=\d+$/) as unknown });
  });

  it.each([
    [`/nb/${ID}?from=timeline`, `/nb/${ID}`, true],
    [`/nb/${ID}?page=2&from=singlemessage&isappinstalled=0`, `/nb/${ID}?page=2`, true],
    [`/nb/${ID}?isappinstalled=0&utm_source=x`, `/nb/${ID}`, true],
    [`/en/nb/${ID}?from=wechat`, `/nb/${ID}`, false],
    [`/nb/${ID}/?from=wechat`, `/nb/${ID}`, false],
  ])('%s (a notebook link shared in WeChat) redirects to %s with nothing stored, leaving WeChat readers to the page: %s', (url, location, isWeChatShareLink) => {
    expect(front.canonicalVariant(url)).toEqual({ kind: 'redirect', location, cacheControl: 'private, no-cache, no-store', ...(isWeChatShareLink ? { isWeChatShareLink } : {}) });
  });

  it.each([
    [`/s/${ID}/`, ''],
    [`/en/s/${ID}/?utm_source=x`, '?utm_source=x'],
    [`/zh-CN/s/${ID}/slug`, ''],
    [`/zh-CN/s/${ID}/slug/`, ''],
    [`//s/${ID}/slug`, ''],
    [`/s//${ID}/slug`, ''],
    [`/s/${ID}//slug?utm_source=x`, '?utm_source=x'],
    [`/s/${ID}/slug?`, ''],
  ])('%s is handed to the note page as its bare URL (query kept for the page to drop)', (url, query) => {
    expect(front.canonicalVariant(url)).toEqual({ kind: 'rewrite', url: `/s/${ID}${query}` });
  });

  it.each([
    '/', '/en', '/features', '/en/download', '/explore', '/explore?page=2', '/en/explore?page=9',
    `/s/${ID}`, `/s/${ID}/slug`, `/s/${ID}/%E5%91%A8%E6%9C%AB`, `/s/${ID}/slug?foo=bar`, `/nb/${ID}`, `/nb/${ID}?page=2`,
    // Notebook searches are the page's to judge.
    `/nb/${ID}?q=tea`, `/nb/${ID}?q=tea&page=2`, `/nb/${ID}?q=`,
    // Malformed page numbers stay for the page to answer 404.
    '/explore?page=0', '/explore?page=02', '/explore?page=2&page=3', `/nb/${ID}?page=x`,
    // Not pages this judges.
    '/sitemap.xml', '/robots.txt', '/feeds/notes.xml', '/api/nb/x', '/_next/static/a.js', '/fr/x', '/s/short/x', `/s/${ID}/a/b`,
    '/%2e%2e/etc/passwd', '',
  ])('%s is left alone', (url) => {
    expect(front.canonicalVariant(url)).toBeNull();
  });

  it('never redirects to another origin, as a browser reads the Location (a backslash is a slash)', () => {
    const hosts = ['evil.example.com', 'evil.example.com/', 'evil.example.com//s/x', 'evil.example.com?next=//x', 'explore'];
    const leads = ['/', '//', '///', '/\\', '//\\', '/\\/', '\\\\', '/\\\\', '//\\/', '/en//', '/en//\\', '/zh-CN//', '/zh-CN//\\', '/zh-CN/\\', '/EN/\\/', '/\t/', '//\t'];
    let redirects = 0;
    for (const lead of leads) {
      for (const host of hosts) {
        const url = `${lead}${host}`;
        const variant = front.canonicalVariant(url);
        if (variant?.kind !== 'redirect') continue;
        redirects += 1;
        expect(variant.location, url).toMatch(/^\/(?![/\\])/);
        expect(new URL(variant.location, 'https://notes.example/').origin, url).toBe('https://notes.example');
      }
    }
    expect(redirects).toBeGreaterThan(40);
  });

  it.each([
    ['//\\evil.example.com', '/evil.example.com'],
    ['//\\evil.example.com/x?y=1', '/evil.example.com/x?y=1'],
    ['/\\/explore', '/explore'],
    ['//\\explore', '/explore'],
  ])('%s folds its leading slashes and backslashes: %s', (url, location) => {
    expect(front.canonicalVariant(url)).toMatchObject({ kind: 'redirect', location });
  });
});

describe('answerLanding', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (front.answerLanding(req, res, 'build1')) return;
      res.setHeader('Cache-Control', 's-maxage=31536000');
      res.end('<html></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([['/', 'zh-CN'], ['/en', 'en'], ['/en/features', 'en'], ['/download', 'zh-CN']])('%s gets an ETag, browser and CDN lifetimes, and answers 304', async (path, lang) => {
    const first = await fetch(base + path);
    expect(first.headers.get('etag')).toBe('"landing-build1"');
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=600, s-maxage=86400/);
    expect(first.headers.get('content-language')).toBe(lang);
    for (const tag of ['"landing-build1"', 'W/"landing-build1"', '"x", "landing-build1"', '*']) {
      const again = await fetch(base + path, { headers: { 'If-None-Match': tag } });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe('"landing-build1"');
    }
    expect((await fetch(base + path, { headers: { 'If-None-Match': '"landing-build0"' } })).status).toBe(200);
  });

  it('leaves other URLs to the page', async () => {
    const other = await fetch(`${base}/explore`);
    expect(other.headers.get('etag')).toBeNull();
    expect(other.headers.get('cache-control')).toBe('s-maxage=31536000');
  });
});

describe('answerVariant', () => {
  const WECHAT = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F35) NetType/WIFI Language/zh_CN';
  const BROWSER = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    // What reaches the page after the front: the (possibly rewritten) URL.
    server = createServer((req, res) => {
      if (front.answerVariant(req, res)) return;
      res.end(req.url);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // fetch() would normalise the path; a raw request keeps it as sent.
  const send = (path: string, userAgent: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers: { 'User-Agent': userAgent } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it.each([
    [`/s/${ID}/slug?`, `/s/${ID}`],
    [`/s/${ID}//slug`, `/s/${ID}`],
    [`/en/s/${ID}/slug/?utm_source=x`, `/s/${ID}?utm_source=x`],
    // Share markers: the note page answers WeChat readers with its share card, at the URL as shared.
    [`/s/${ID}//slug?from=timeline`, `/s/${ID}//slug?from=timeline`, `/s/${ID}?from=timeline`],
    [`/s/${ID}/?isappinstalled=0`, `/s/${ID}/?isappinstalled=0`, `/s/${ID}?isappinstalled=0`],
  ])('%s reaches the note page as %s in WeChat', async (path, inWeChat, inBrowser = inWeChat) => {
    expect(await send(path, WECHAT)).toEqual({ status: 200, body: inWeChat });
    expect(await send(path, BROWSER)).toEqual({ status: 200, body: inBrowser });
  });
});
