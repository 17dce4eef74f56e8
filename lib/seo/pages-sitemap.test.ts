import { describe, expect, it } from 'vitest';
import { buildPagesSitemap, buildSitemapIndex, MAX_SITEMAP_BYTES, MAX_SITEMAP_URLS } from './sitemap';

describe('pages sitemap', () => {
  const xml = buildPagesSitemap('https://n.example');

  it('lists each site page once per language', () => {
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toEqual(['/', '/en', '/features', '/en/features', '/download', '/en/download', '/explore', '/en/explore'].map((p) => `https://n.example${p}`));
  });

  it('gives every URL the same full set of hreflang alternates, x-default included', () => {
    const urls = xml.split('<url>').slice(1);
    const features = urls.filter((u) => u.includes('/features</loc>'));
    expect(features).toHaveLength(2);
    for (const url of features) {
      expect(url).toContain('<xhtml:link rel="alternate" hreflang="zh-CN" href="https://n.example/features"/>');
      expect(url).toContain('<xhtml:link rel="alternate" hreflang="en" href="https://n.example/en/features"/>');
      expect(url).toContain('<xhtml:link rel="alternate" hreflang="x-default" href="https://n.example/features"/>');
    }
  });

  it('stays within Baidu\'s 10 MB and the protocol\'s 50,000 URLs with the most explore pages it can list', () => {
    const big = buildPagesSitemap('https://notes.example-publisher.com', 1_000_000);
    expect(Buffer.byteLength(big)).toBeLessThanOrEqual(MAX_SITEMAP_BYTES);
    const locs = [...big.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs.length).toBeLessThanOrEqual(MAX_SITEMAP_URLS);
    expect(new Set(locs).size).toBe(locs.length);
    expect(locs).toContain('https://notes.example-publisher.com/en/explore?page=2');
  });

  it('comes first in the sitemap index, before the note shards', () => {
    const index = buildSitemapIndex([{ shard: 0, lastModified: null }], 'https://n.example');
    expect([...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])).toEqual(['https://n.example/sitemaps/pages.xml', 'https://n.example/sitemaps/notes-0.xml']);
  });
});
