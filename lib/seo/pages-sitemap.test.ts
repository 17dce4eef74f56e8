import { describe, expect, it } from 'vitest';
import { buildPagesSitemap, buildSitemapIndex } from './sitemap';

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

  it('comes first in the sitemap index, before the note shards', () => {
    const index = buildSitemapIndex([{ shard: 0, lastModified: null }], 'https://n.example');
    expect([...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])).toEqual(['https://n.example/sitemaps/pages.xml', 'https://n.example/sitemaps/notes-0.xml']);
  });
});
