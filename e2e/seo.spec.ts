import { e2eEnv } from '../playwright.config';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SaxesParser } from 'saxes';
import { listNotes, shareIdOf } from './notes';

const SITE = e2eEnv.SITE_URL;

function jsonLd(html: string): Array<Record<string, unknown>> {
  return [...html.matchAll(/<script type="application\/ld\+json"[^>]*>([^<]*)<\/script>/g)].map((m) => JSON.parse(m[1] as string) as Record<string, unknown>);
}

/** A <meta> tag with the given attribute/value pair and content, in any attribute order Next emits. */
function meta(attr: 'name' | 'property', id: string, content: string | RegExp): RegExp {
  const value = typeof content === 'string' ? content.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : content.source;
  return new RegExp(`<meta ${attr}="${id.replace(/[.:]/g, '\\$&')}" content="${value}"`);
}

function parseXml(xml: string): { root: string; namespaces: Record<string, string>; locs: string[] } {
  const parser = new SaxesParser({ xmlns: false });
  let root = '';
  const namespaces: Record<string, string> = {};
  const locs: string[] = [];
  let inLoc = false;
  parser.on('opentag', (tag) => {
    if (!root) {
      root = tag.name;
      for (const [name, value] of Object.entries(tag.attributes)) if (name.startsWith('xmlns')) namespaces[name] = String(value);
    }
    inLoc = tag.name === 'loc';
  });
  parser.on('text', (text) => {
    if (inLoc) locs.push(text);
  });
  parser.on('closetag', () => (inLoc = false));
  parser.write(xml).close();
  return { root, namespaces, locs };
}

test.describe('crawler-facing HTTP semantics', () => {
  test('conditional GET answers 304 for a matching ETag or Last-Modified, 200 otherwise', async ({ request }) => {
    const url = `/s/${shareIdOf('Sourdough')}/sourdough-bread-the-slow-way`;
    const first = await request.get(url);
    const etag = first.headers().etag as string;
    const lastModified = first.headers()['last-modified'] as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(lastModified).toBeTruthy();
    expect((await request.get(url, { headers: { 'If-None-Match': etag } })).status()).toBe(304);
    expect((await request.get(url, { headers: { 'If-None-Match': `"other", ${etag}` } })).status()).toBe(304);
    expect((await request.get(url, { headers: { 'If-Modified-Since': lastModified } })).status()).toBe(304);
    expect((await request.get(url, { headers: { 'If-None-Match': '"stale"' } })).status()).toBe(200);
    expect((await request.get(url, { headers: { 'If-Modified-Since': 'Thu, 01 Jan 2015 00:00:00 GMT' } })).status()).toBe(200);
    const notModified = await request.get(url, { headers: { 'If-None-Match': etag } });
    expect(notModified.headers().etag).toBe(etag);
    expect((await notModified.body()).length).toBe(0);
  });

  test('trailing slashes and tracking parameters answer 301 to the canonical URL', async ({ request }) => {
    const canonical = `/s/${shareIdOf('Sourdough')}/sourdough-bread-the-slow-way`;
    for (const path of [`${canonical}/`, `${canonical}?utm_source=wechat&utm_medium=share`, `${canonical}?from=singlemessage&isappinstalled=0`]) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(301);
      expect(res.headers().location, path).toBe(canonical);
    }
    // Listing pages take only ?page=N; landing pages take no parameter at all; locale spellings are one each.
    for (const [path, location] of [['/explore?utm_campaign=x', '/explore'], ['/en/explore?from=timeline&a=1', '/en/explore'], ['/en/features/', '/en/features'],
      ['/?utm_campaign=x', '/'], ['/en/', '/en'], ['/EN', '/en'], ['/zh-CN', '/'], ['/zh-CN/features', '/features']]) {
      const res = await request.get(path as string, { maxRedirects: 0 });
      expect(res.status(), path).toBe(301);
      expect(res.headers().location, path).toBe(location);
      expect(res.headers()['cache-control'], path).toMatch(/^public, max-age=\d+, s-maxage=\d+/);
    }
  });
});

test.describe('head metadata and structured data', () => {
  test('a note page has title, description, canonical, Open Graph, Twitter and Article + BreadcrumbList JSON-LD', async ({ request }) => {
    const shareId = shareIdOf('周末杭州');
    const html = await (await request.get(`/s/${shareId}/${encodeURIComponent('周末杭州两日游攻略')}`)).text();
    expect(html).toMatch(/<title[^>]*>周末杭州两日游攻略 · /);
    expect(html).toMatch(meta('property', 'og:type', 'article'));
    expect(html).toMatch(meta('property', 'article:published_time', /2026-[^"]+/));
    expect(html).toMatch(meta('property', 'article:modified_time', /2026-[^"]+/));
    expect(html).toMatch(meta('property', 'article:tag', '旅行'));
    expect(html).toMatch(meta('property', 'og:image', new RegExp(`${SITE}/og/${shareId}/[A-Za-z0-9.-]+\\.png`)));
    expect(html).toMatch(meta('property', 'og:image:width', '1200'));
    expect(html).toMatch(meta('property', 'og:image:height', '630'));
    expect(html).toMatch(meta('name', 'twitter:card', 'summary_large_image'));
    expect(html).toMatch(meta('name', 'robots', 'index, follow, max-image-preview:large'));
    const [article, breadcrumbs] = jsonLd(html);
    expect(article).toMatchObject({ '@type': 'Article', headline: '周末杭州两日游攻略', inLanguage: 'zh-CN', author: { '@type': 'Person', name: '林晓雨' } });
    expect(article?.datePublished).toMatch(/^2026-/);
    // The 1200x630 card first, then the note's own image (large enough for rich results).
    expect(article?.image).toMatchObject([{ width: 1200, height: 630 }, { width: 640, height: 360 }]);
    expect(article?.publisher).toMatchObject({ '@type': 'Organization', logo: { '@type': 'ImageObject', width: 512, height: 512 } });
    expect(breadcrumbs).toMatchObject({ '@type': 'BreadcrumbList' });
  });

  test('authors who did not opt in are not named anywhere', async ({ request }) => {
    // The demo note's author is "Priya Raman" (who also appears in the note's own text).
    const html = await (await request.get(`/s/${shareIdOf('Release checklist')}/release-checklist-for-v3-2`)).text();
    expect(jsonLd(html)[0]?.author).toBeUndefined();
    expect(/<p class="note-meta">.*?<\/p>/.exec(html)?.[0]).not.toMatch(/Priya Raman|By/);
  });

  test('JSON-LD survives a hostile title containing </script>', async ({ request }) => {
    const res = await request.get(`/s/${shareIdOf('Hostile')}/x`);
    const html = await res.text();
    const [article] = jsonLd(html);
    expect(article?.headline).toBe('Hostile </script><img src=x onerror=alert(1)> note');
    expect(html).not.toContain('</script><img');
  });

  test('the home page carries WebSite JSON-LD', async ({ request }) => {
    const [website] = jsonLd(await (await request.get('/')).text());
    expect(website).toMatchObject({ '@type': 'WebSite', url: `${SITE}/` });
  });

  test('description is plain text from the note, never from encrypted content', async ({ request }) => {
    const html = await (await request.get(`/s/${shareIdOf('Notes on SQLite')}/notes-on-sqlite-wal-mode`)).text();
    const description = /<meta name="description" content="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(description.length).toBeGreaterThan(50);
    expect(description).not.toMatch(/RU5DMA|staging DB password/);
  });
});

test('each note has a 1200x630 Open Graph card with its (Chinese) title, cached for a time a revocation can end, redirecting stale versions', async ({ request }) => {
  const shareId = shareIdOf('长文');
  const html = await (await request.get(`/s/${shareId}/x`, { maxRedirects: 5 })).text();
  const card = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1] as string;
  const res = await request.get(card.replace(SITE, ''));
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('image/png');
  expect(res.headers()['cache-control']).toBe('public, max-age=3600, s-maxage=86400');
  const png = await res.body();
  expect(png.readUInt32BE(16)).toBe(1200);
  expect(png.readUInt32BE(20)).toBe(630);
  const stale = await request.get(`/og/${shareId}/0.0-old.png`, { maxRedirects: 0 });
  expect(stale.status()).toBe(301);
  expect(stale.headers().location).toBe(card.replace(SITE, ''));
  const revoked = listNotes().find((n) => n.state === 'revoked');
  expect((await request.get(`/og/${revoked?.shareId}/x.png`)).status()).toBe(410);
  expect((await request.get('/og/AAAAAAAAAAAAAAAAAAAAAA/x.png')).status()).toBe(404);
});

test.describe('robots.txt and sitemaps', () => {
  test('robots.txt allows crawling in production and names the sitemap', async ({ request }) => {
    const res = await request.get('/robots.txt');
    expect(res.headers()['content-type']).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(`User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: ${SITE}/sitemap.xml\n`);
  });

  test('the sitemap index and its shards are valid and list exactly the indexable notes', async ({ request }) => {
    const index = await request.get('/sitemap.xml');
    expect(index.headers()['content-type']).toBe('application/xml; charset=utf-8');
    const parsedIndex = parseXml(await index.text());
    expect(parsedIndex.root).toBe('sitemapindex');
    expect(parsedIndex.namespaces.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    const urls: string[] = [];
    expect(parsedIndex.locs.slice(0, 2)).toEqual([`${SITE}/sitemaps/pages.xml`, `${SITE}/sitemaps/notebooks.xml`]);
    const notebooks = await (await request.get('/sitemaps/notebooks.xml')).text();
    expect(notebooks).toMatch(/<url><loc>[^<]+\/nb\/[A-Za-z0-9_-]{22}<\/loc><lastmod>/);
    for (const loc of parsedIndex.locs.slice(2)) {
      expect(loc).toMatch(new RegExp(`^${SITE}/sitemaps/notes-\\d+\\.xml$`));
      const shard = await request.get(loc.replace(SITE, ''));
      const body = await shard.body();
      expect(body.length).toBeLessThan(10 * 1024 * 1024);
      const parsed = parseXml(body.toString('utf8'));
      expect(parsed.root).toBe('urlset');
      expect(parsed.namespaces['xmlns:image']).toBe('http://www.google.com/schemas/sitemap-image/1.1');
      expect(parsed.locs.length).toBeLessThanOrEqual(50_000);
      urls.push(...parsed.locs.filter((l) => l.includes('/s/')));
    }
    const indexable = listNotes().filter((n) => n.state === 'indexable').map((n) => n.shareId);
    const listed = urls.map((u) => u.split('/')[4]);
    expect(new Set(listed)).toEqual(new Set(indexable));
    for (const hidden of listNotes().filter((n) => n.state !== 'indexable')) expect(listed).not.toContain(hidden.shareId);
    expect((await request.get('/sitemaps/notes-999999.xml')).status()).toBe(404);
  });

  test('the pages sitemap lists the landing pages in both languages with their hreflang alternates', async ({ request }) => {
    const res = await request.get('/sitemaps/pages.xml');
    expect(res.status()).toBe(200);
    const xml = await res.text();
    const parsed = parseXml(xml);
    expect(parsed.root).toBe('urlset');
    expect(parsed.namespaces['xmlns:xhtml']).toBe('http://www.w3.org/1999/xhtml');
    expect(parsed.locs).toEqual(['/', '/en', '/features', '/en/features', '/download', '/en/download', '/explore', '/en/explore'].map((p) => `${SITE}${p}`));
    for (const loc of parsed.locs) expect((await request.get(loc.replace(SITE, ''))).status(), loc).toBe(200);
    expect(xml).toContain(`<xhtml:link rel="alternate" hreflang="x-default" href="${SITE}/features"/>`);
  });
});

test('note pages pass the W3C Nu HTML Checker with zero errors (demo notes, corpus sample, hostile note)', async ({ request }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'vnu-'));
  try {
    const live = listNotes().filter((n) => n.shareId && n.state !== 'revoked');
    expect(live.length).toBeGreaterThan(15);
    for (const note of live) {
      const res = await request.get(`/s/${note.shareId}/x`);
      expect(res.status()).toBe(200);
      writeFileSync(join(dir, `${note.shareId}.html`), await res.body());
    }
    writeFileSync(join(dir, 'home.html'), await (await request.get('/')).body());
    writeFileSync(join(dir, 'not-found.html'), await (await request.get('/s/AAAAAAAAAAAAAAAAAAAAAA/x')).body());
    let output = '';
    try {
      execFileSync('java', ['-jar', join('node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar'), '--errors-only', '--skip-non-html', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      output = String((error as { stderr?: string }).stderr ?? error);
    }
    expect(output).toBe('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
