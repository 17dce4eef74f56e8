import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { xssPayloads } from '../../test/xss-payloads';
import { buildAtomFeed, feedUpdated, type Feed, type FeedEntry } from './atom-feed';

const entry = (title: string, updated: string | null, extra: Partial<FeedEntry> = {}): FeedEntry => ({
  id: 'https://n.example/s/AAAAAAAAAAAAAAAAAAAAAA', url: 'https://n.example/s/AAAAAAAAAAAAAAAAAAAAAA/x', title, summary: title,
  published: updated, updated, authorName: null, lang: 'en', categories: [], ...extra,
});

const feed = (entries: FeedEntry[]): Feed => ({
  id: 'https://n.example/feeds/notes.xml', selfUrl: 'https://n.example/feeds/notes.xml', pageUrl: 'https://n.example/explore',
  title: 'Notes <&>', subtitle: 'Latest', lang: 'zh-CN', siteName: 'Site "1"', iconUrl: 'https://n.example/logo.png', entries, fallbackUpdated: '1970-01-01T00:00:00.000Z',
});

/** Parses the XML strictly (well-formedness), returning the text of every <title> and element names seen. */
function parse(xml: string): { titles: string[]; elements: Set<string> } {
  const parser = new SaxesParser({ xmlns: true });
  const titles: string[] = [];
  const elements = new Set<string>();
  let inTitle = false;
  let text = '';
  parser.on('opentag', (tag) => { elements.add(tag.local); inTitle = tag.local === 'title'; text = ''; });
  parser.on('text', (t) => { if (inTitle) text += t; });
  parser.on('closetag', (tag) => { if (tag.local === 'title') titles.push(text); inTitle = false; });
  parser.write(xml).close();
  return { titles, elements };
}

describe('buildAtomFeed', () => {
  it('is well-formed Atom whatever the titles, and keeps them as text', () => {
    const hostile = ['</title><script>alert(1)</script>', ']]><x/>', '&amp; &lt; "\'', '\u0000\u0001\u0008\u000b\u001f\ufffe', 'lone \ud800 surrogate', '<![CDATA[x]]>', '周末杭州两日游 😀'];
    const xml = buildAtomFeed(feed(hostile.map((title, i) => entry(title, `2026-01-0${i + 1}T00:00:00Z`, { authorName: title, categories: [title] }))));
    const { titles, elements } = parse(xml);
    expect([...elements].sort()).toEqual(['author', 'category', 'entry', 'feed', 'icon', 'id', 'link', 'name', 'published', 'subtitle', 'summary', 'title', 'updated']);
    expect(titles.slice(1)).toEqual(['</title><script>alert(1)</script>', ']]><x/>', '&amp; &lt; "\'', '', 'lone  surrogate', '<![CDATA[x]]>', '周末杭州两日游 😀']);
  });

  it('stays well-formed for every payload of the XSS corpus', () => {
    const payloads = xssPayloads();
    const xml = buildAtomFeed(feed(payloads.map((p) => entry(p, null, { summary: p }))));
    expect(parse(xml).titles).toHaveLength(payloads.length + 1);
  });

  it('is updated when its newest entry was, whatever the order; an empty feed uses the fallback', () => {
    expect(feedUpdated(feed([entry('a', '2026-01-01T00:00:00Z'), entry('b', '2026-03-01T00:00:00Z'), entry('c', null)]))).toBe('2026-03-01T00:00:00.000Z');
    expect(feedUpdated(feed([]))).toBe('1970-01-01T00:00:00.000Z');
    expect(buildAtomFeed(feed([]))).toContain('<updated>1970-01-01T00:00:00.000Z</updated>');
  });

  it.each([
    ['a later store change (the newest entry was revoked) moves it forward', '2026-04-01T00:00:00Z', '2026-04-01T00:00:00.000Z'],
    ['an older store change leaves the newest entry\'s', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00.000Z'],
    ['no store stamp: the newest entry\'s', null, '2026-03-01T00:00:00.000Z'],
    ['a malformed stamp is ignored', 'yesterday', '2026-03-01T00:00:00.000Z'],
  ])('never goes back: %s', (_name, changedAt, expected) => {
    expect(feedUpdated({ ...feed([entry('a', '2026-01-01T00:00:00Z'), entry('b', '2026-03-01T00:00:00Z')]), changedAt })).toBe(expected);
  });
});
