import { describe, expect, it } from 'vitest';
import type { NotebookShareEvent, NoteShareEvent, ShareEvent } from './share-event';
import { MAX_RESOURCE_HASHES } from './share-event';
import type { SharedNote } from '../notes/types';
import { ogImagePath } from '../og/og-image-path';
import { affectedUrls, affectedUrlsOfAll, MAX_NOTEBOOK_PAGES, urlsToAnnounce, type PurgeSite } from './affected-urls';

const SITE: PurgeSite = { siteUrl: 'https://notes.example.com', resourceBaseUrl: null, notebookPageSize: 20, sitemapShardSize: 5000 };
const S = SITE.siteUrl;
const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const NB = 'BBBBBBBBBBBBBBBBBBBBBB';
const H1 = '0123456789abcdef0123456789abcdef';
const H2 = 'fedcba9876543210fedcba9876543210';

const linkOnly: NoteShareEvent = { type: 'note.revoked', shareId: ID, title: 'Hello World', version: '3.2', resourceHashes: [], indexable: false };
const notebook = (noteCount: number): NotebookShareEvent => ({ type: 'notebook.updated', shareId: NB, noteCount, indexable: true });

describe('affectedUrls', () => {
  const cases: Array<{ name: string; event: ShareEvent; site?: Partial<PurgeSite>; expected: string[] }> = [
    {
      name: 'a link-only note: its pages and card, nothing listed',
      event: linkOnly,
      expected: [`${S}/s/${ID}/hello-world`, `${S}/s/${ID}`, `${S}/qr/${ID}.svg`, `${S}/og/${ID}/3.2-c1.png`],
    },
    {
      name: 'an indexable note: also the home page, the sitemap index and its shard (slot / shard size)',
      event: { ...linkOnly, indexable: true, sitemapSlot: 12_345 },
      expected: [`${S}/s/${ID}/hello-world`, `${S}/s/${ID}`, `${S}/qr/${ID}.svg`, `${S}/og/${ID}/3.2-c1.png`, `${S}/`, `${S}/sitemap.xml`, `${S}/sitemaps/notes-2.xml`],
    },
    {
      name: 'slot 0 is in shard 0, slot 4999 too',
      event: { ...linkOnly, indexable: true, sitemapSlot: 4999 },
      expected: [`${S}/s/${ID}/hello-world`, `${S}/s/${ID}`, `${S}/qr/${ID}.svg`, `${S}/og/${ID}/3.2-c1.png`, `${S}/`, `${S}/sitemap.xml`, `${S}/sitemaps/notes-0.xml`],
    },
    {
      name: 'every resource, and the origin that serves resources when it differs',
      event: { ...linkOnly, resourceHashes: [H1, H2] },
      site: { resourceBaseUrl: 'https://img.example.com' },
      expected: [`${S}/s/${ID}/hello-world`, `${S}/s/${ID}`, `${S}/qr/${ID}.svg`, `${S}/r/${ID}/${H1}`, `https://img.example.com/r/${ID}/${H1}`, `${S}/r/${ID}/${H2}`, `https://img.example.com/r/${ID}/${H2}`, `${S}/og/${ID}/3.2-c1.png`],
    },
    {
      name: 'a resource origin equal to the site is not listed twice',
      event: { ...linkOnly, resourceHashes: [H1, H1] },
      site: { resourceBaseUrl: S },
      expected: [`${S}/s/${ID}/hello-world`, `${S}/s/${ID}`, `${S}/qr/${ID}.svg`, `${S}/r/${ID}/${H1}`, `${S}/og/${ID}/3.2-c1.png`],
    },
    {
      name: 'a retitled, re-versioned note: the old slug and the old card too',
      event: { ...linkOnly, type: 'note.updated', previousTitle: 'Old Name', previousVersion: '3.1' },
      expected: [`${S}/s/${ID}/hello-world`, `${S}/s/${ID}`, `${S}/qr/${ID}.svg`, `${S}/s/${ID}/old-name`, `${S}/og/${ID}/3.2-c1.png`, `${S}/og/${ID}/3.1-c1.png`],
    },
    {
      name: 'a Chinese title gives the percent-encoded slug browsers request',
      event: { ...linkOnly, title: '读书 笔记' },
      expected: [`${S}/s/${ID}/${encodeURIComponent('读书-笔记')}`, `${S}/s/${ID}`, `${S}/qr/${ID}.svg`, `${S}/og/${ID}/3.2-c1.png`],
    },
    {
      name: 'an empty title: the Untitled slug the page uses',
      event: { ...linkOnly, title: '' },
      expected: [`${S}/s/${ID}/untitled`, `${S}/s/${ID}`, `${S}/qr/${ID}.svg`, `${S}/og/${ID}/3.2-c1.png`],
    },
    {
      name: 'a version with characters the card tag drops',
      event: { ...linkOnly, version: 'v/3 2' },
      expected: [`${S}/s/${ID}/hello-world`, `${S}/s/${ID}`, `${S}/qr/${ID}.svg`, `${S}/og/${ID}/v32-c1.png`],
    },
    {
      name: 'a note in a public notebook: every page of the listing (41 notes, 20 a page)',
      event: { ...linkOnly, notebookShareId: NB, notebookNoteCount: 41 },
      expected: [`${S}/s/${ID}/hello-world`, `${S}/s/${ID}`, `${S}/qr/${ID}.svg`, `${S}/og/${ID}/3.2-c1.png`, `${S}/nb/${NB}`, `${S}/nb/${NB}?page=2`, `${S}/nb/${NB}?page=3`],
    },
    {
      name: 'a notebook count not sent: page 1 still',
      event: { ...linkOnly, notebookShareId: NB },
      expected: [`${S}/s/${ID}/hello-world`, `${S}/s/${ID}`, `${S}/qr/${ID}.svg`, `${S}/og/${ID}/3.2-c1.png`, `${S}/nb/${NB}`],
    },
    { name: 'an empty notebook has one page', event: notebook(0), expected: [`${S}/nb/${NB}`] },
    { name: 'a notebook of exactly one page', event: notebook(20), expected: [`${S}/nb/${NB}`] },
    { name: 'a notebook one note past a page', event: notebook(21), expected: [`${S}/nb/${NB}`, `${S}/nb/${NB}?page=2`] },
    { name: 'page size from our config, not the sender', event: notebook(21), site: { notebookPageSize: 50 }, expected: [`${S}/nb/${NB}`] },
  ];

  it.each(cases)('$name', ({ event, site, expected }) => {
    expect(affectedUrls(event, { ...SITE, ...site })).toEqual(expected);
  });

  it(`caps a huge notebook at ${MAX_NOTEBOOK_PAGES} pages`, () => {
    const urls = affectedUrls(notebook(1_000_000), SITE);
    expect(urls).toHaveLength(MAX_NOTEBOOK_PAGES);
    expect(urls.at(-1)).toBe(`${S}/nb/${NB}?page=${MAX_NOTEBOOK_PAGES}`);
  });

  it('names the card exactly as the page does (ogImagePath of the full note)', () => {
    const full = { shareId: ID, version: '7.1', title: 'x', state: 'indexable' } as SharedNote;
    expect(affectedUrls(linkOnly, SITE)).toContain(S + ogImagePath({ ...full, version: '3.2' }));
  });

  it('bounds the largest event the schema allows to ~2,100 URLs', () => {
    const hashes = Array.from({ length: MAX_RESOURCE_HASHES }, (_, i) => i.toString(16).padStart(32, '0'));
    const biggest: NoteShareEvent = { ...linkOnly, type: 'note.updated', previousTitle: 'x', previousVersion: '1', resourceHashes: hashes, indexable: true, sitemapSlot: 0, notebookShareId: NB, notebookNoteCount: 1e9 };
    expect(affectedUrls(biggest, { ...SITE, resourceBaseUrl: 'https://img.example.com' }).length).toBe(2 * MAX_RESOURCE_HASHES + MAX_NOTEBOOK_PAGES + 9);
  });
});

describe('affectedUrlsOfAll', () => {
  it('de-duplicates across events (shared notebook pages, sitemap and home)', () => {
    const other = { ...linkOnly, shareId: 'CCCCCCCCCCCCCCCCCCCCCC', indexable: true, sitemapSlot: 1, notebookShareId: NB, notebookNoteCount: 5 };
    const urls = affectedUrlsOfAll([{ ...linkOnly, indexable: true, sitemapSlot: 0, notebookShareId: NB, notebookNoteCount: 5 }, other, notebook(5)], SITE);
    expect(urls).toEqual([...new Set(urls)]);
    expect(urls.filter((u) => u === `${S}/nb/${NB}`)).toHaveLength(1);
    expect(urls.filter((u) => u === `${S}/sitemap.xml`)).toHaveLength(1);
  });
});

describe('urlsToAnnounce', () => {
  const cases: Array<{ name: string; events: ShareEvent[]; expected: string[] }> = [
    { name: 'never a link-only note', events: [linkOnly], expected: [] },
    { name: 'an indexable note, even revoked (engines should recrawl the 410)', events: [{ ...linkOnly, indexable: true, sitemapSlot: 0 }], expected: [`${S}/s/${ID}/hello-world`] },
    { name: 'an indexable notebook', events: [notebook(3)], expected: [`${S}/nb/${NB}`] },
    { name: 'never a link-only notebook', events: [{ ...notebook(3), indexable: false }], expected: [] },
    { name: 'each URL once', events: [{ ...linkOnly, indexable: true, sitemapSlot: 0 }, { ...linkOnly, type: 'note.updated', indexable: true, sitemapSlot: 0 }], expected: [`${S}/s/${ID}/hello-world`] },
  ];

  it.each(cases)('$name', ({ events, expected }) => {
    expect(urlsToAnnounce(events, SITE)).toEqual(expected);
  });
});
