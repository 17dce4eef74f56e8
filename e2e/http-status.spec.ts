import { e2eEnv } from '../playwright.config';
import { expect, test } from '@playwright/test';
import { listNotes, shareIdOf } from './notes';

test.describe('HTTP statuses of the production build', () => {
  test('a shared note answers 200 with caching, canonical and lang', async ({ request }) => {
    const shareId = shareIdOf('Sourdough');
    const res = await request.get(`/s/${shareId}/sourdough-bread-the-slow-way`, { maxRedirects: 0 });
    expect(res.status()).toBe(200);
    expect(res.headers()['cache-control']).toContain('s-maxage=');
    expect(res.headers()['x-robots-tag']).toBeUndefined();
    const html = await res.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain(`<link rel="canonical" href="${e2eEnv.SITE_URL}/s/${shareId}/sourdough-bread-the-slow-way"`);
    expect(html).toMatch(/<meta name="description" content="[^"]{20,}/);
    // Only structured data; no executable script at all.
    expect(html.match(/<script(?! type="application\/ld\+json")/g)).toBeNull();
  });

  test('a Chinese note gets lang zh-CN and a percent-encoded Chinese canonical slug', async ({ request }) => {
    const shareId = shareIdOf('周末杭州');
    const res = await request.get(`/s/${shareId}/${encodeURIComponent('周末杭州两日游攻略')}`, { maxRedirects: 0 });
    expect(res.status()).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN"');
    expect(html).toContain(`/s/${shareId}/%E5%91%A8%E6%9C%AB`);
  });

  test('missing or wrong slug answers 301 to the canonical URL', async ({ request }) => {
    const shareId = shareIdOf('Sourdough');
    for (const path of [`/s/${shareId}`, `/s/${shareId}/old-title`, `/s/${shareId}/sourdough-bread-the-slow-way/extra`]) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(301);
      expect(res.headers().location, path).toBe(`/s/${shareId}/sourdough-bread-the-slow-way`);
    }
  });

  test('unknown and malformed share ids answer a real 404 page with noindex', async ({ request }) => {
    for (const path of ['/s/AAAAAAAAAAAAAAAAAAAAAA/x', '/s/not-an-id/x', '/s/%E2%80%AE/x', '/no/such/page']) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(404);
      expect(await res.text(), path).toContain('<meta name="robots" content="noindex"');
    }
  });

  test('a path that is not valid percent-encoding answers 400, not 500', async ({ request }) => {
    expect((await request.get('/s/%ff%fe/x', { maxRedirects: 0 })).status()).toBe(400);
  });

  test('a revoked share answers 410 with noindex', async ({ request }) => {
    const revoked = listNotes().find((n) => n.state === 'revoked' && n.shareId);
    expect(revoked).toBeDefined();
    const res = await request.get(`/s/${revoked?.shareId}/x`, { maxRedirects: 0 });
    expect(res.status()).toBe(410);
    expect(res.headers()['x-robots-tag']).toBe('noindex');
    expect(await res.text()).toContain('<meta name="robots" content="noindex"');
  });

  test('a link-only note is served but marked noindex', async ({ request }) => {
    const linkOnly = listNotes().find((n) => n.state === 'link-only' && n.shareId);
    const res = await request.get(`/s/${linkOnly?.shareId}/x`);
    expect(res.status()).toBe(200);
    expect(res.headers()['x-robots-tag']).toBe('noindex');
    expect(await res.text()).toContain('<meta name="robots" content="noindex"');
  });

  test('images are served inline with caching a revocation can end; attachments as opaque downloads', async ({ request }) => {
    const shareId = shareIdOf('Release checklist');
    const page = await (await request.get(`/s/${shareId}/release-checklist-for-v3-2`)).text();
    const pdf = /href="(\/r\/[^"]+)"[^>]*download="release-checklist.pdf"/.exec(page)?.[1];
    expect(pdf).toBeDefined();
    const res = await request.get(pdf as string);
    expect(res.status()).toBe(200);
    // Everything but an allow-listed inline image is opaque bytes on our origin.
    expect(res.headers()['content-type']).toBe('application/octet-stream');
    expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="release-checklist.pdf"/);
    expect(res.headers()['cache-control']).toBe('public, max-age=3600, s-maxage=86400');
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    const etag = res.headers().etag as string;
    expect((await request.get(pdf as string, { headers: { 'If-None-Match': etag } })).status()).toBe(304);

    const zh = shareIdOf('周末杭州');
    const zhPage = await (await request.get(`/s/${zh}/${encodeURIComponent('周末杭州两日游攻略')}`)).text();
    const img = /<img src="(\/r\/[^"]+)"/.exec(zhPage)?.[1];
    const image = await request.get(img as string);
    expect(image.headers()['content-type']).toBe('image/png');
    expect(image.headers()['content-disposition']).toMatch(/^inline;.*filename\*=UTF-8''%E8%A5%BF/);
  });

  test('resources of unknown, revoked or other notes answer 404; odd methods 405', async ({ request }) => {
    const shareId = shareIdOf('Sourdough');
    expect((await request.get(`/r/${shareId}/${'0'.repeat(32)}`)).status()).toBe(404);
    expect((await request.get(`/r/${shareId}/not-a-hash`)).status()).toBe(404);
    expect((await request.post(`/r/${shareId}/${'0'.repeat(32)}`)).status()).toBe(405);
  });

  test('HEAD answers like GET without a body', async ({ request }) => {
    const shareId = shareIdOf('Sourdough');
    const res = await request.head(`/s/${shareId}/sourdough-bread-the-slow-way`);
    expect(res.status()).toBe(200);
    expect((await res.body()).length).toBe(0);
  });
});
