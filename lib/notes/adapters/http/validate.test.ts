import { describe, expect, it } from 'vitest';
import { decodeHeaderText, encodeHeaderText } from './contract';
import { notebookPage, parseShape, sharedNote, sitemapEntry, summaryPage } from './validate';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const SUMMARY = { shareId: ID, title: 't', updated: null, notebook: null, lang: 'en' };
const NOTEBOOK = { shareId: ID, state: 'link-only', name: 'n', updated: '2026-01-01T00:00:00.000Z', noteCount: 1, version: 'v' };

describe('response shape checks', () => {
  it.each<[string, () => unknown, unknown]>([
    ['a summary page', () => parseShape(summaryPage, { items: [SUMMARY], nextCursor: 'c' }), { items: [SUMMARY], nextCursor: 'c' }],
    ['a last summary page', () => parseShape(summaryPage, { items: [], nextCursor: null }), { items: [], nextCursor: null }],
    ['a sitemap entry with images', () => parseShape(sitemapEntry, { shareId: ID, title: '', lastModified: null, imageHashes: ['0'.repeat(32)] }), { shareId: ID, title: '', lastModified: null, imageHashes: ['0'.repeat(32)] }],
    ['a notebook page', () => parseShape(notebookPage, { notebook: { ...NOTEBOOK, changedAt: '2026-01-02T00:00:00.000Z' }, notes: [SUMMARY], page: 2, pageCount: 2 }), { notebook: { ...NOTEBOOK, changedAt: '2026-01-02T00:00:00.000Z' }, notes: [SUMMARY], page: 2, pageCount: 2 }],
    // An older note service: the notebook's changedAt is absent and reads as null.
    ['a notebook page without changedAt', () => parseShape(notebookPage, { notebook: NOTEBOOK, notes: [SUMMARY], page: 2, pageCount: 2 }), { notebook: { ...NOTEBOOK, changedAt: null }, notes: [SUMMARY], page: 2, pageCount: 2 }],
  ])('accepts %s', (_, parse, expected) => {
    expect(parse()).toEqual(expected);
  });

  it.each<[string, () => unknown, RegExp]>([
    ['a summary without lang', () => parseShape(summaryPage, { items: [{ ...SUMMARY, lang: undefined }], nextCursor: null }), /\$\.items\[0\]\.lang/],
    ['a summary with a bad share id', () => parseShape(summaryPage, { items: [{ ...SUMMARY, shareId: 'x' }], nextCursor: null }), /shareId: expected a share id/],
    ['items as an object', () => parseShape(summaryPage, { items: {}, nextCursor: null }), /\$\.items: expected an array/],
    ['an upper-case image hash', () => parseShape(sitemapEntry, { shareId: ID, title: '', lastModified: null, imageHashes: ['A'.repeat(32)] }), /imageHashes\[0\]/],
    ['a timestamp as a number', () => parseShape(sitemapEntry, { shareId: ID, title: '', lastModified: 0, imageHashes: [] }), /lastModified: expected a string/],
    ['page 0', () => parseShape(notebookPage, { notebook: NOTEBOOK, notes: [], page: 0, pageCount: 1 }), /\$\.page/],
    ['a changedAt as a number', () => parseShape(notebookPage, { notebook: { ...NOTEBOOK, changedAt: 1 }, notes: [], page: 1, pageCount: 1 }), /notebook\.changedAt: expected a string/],
    ['a fractional count', () => parseShape(notebookPage, { notebook: { ...NOTEBOOK, noteCount: 0.5 }, notes: [], page: 1, pageCount: 1 }), /noteCount/],
    ['NaN as a string', () => parseShape(notebookPage, { notebook: NOTEBOOK, notes: [], page: 'NaN', pageCount: 1 }), /\$\.page/],
    ['a string', () => parseShape(notebookPage, '{}'), /\$: expected an object/],
  ])('refuses %s', (_, parse, message) => {
    expect(parse).toThrow(message);
  });
});

describe('names and lists from the note service are bounded', () => {
  const NOTE = {
    shareId: ID, state: 'indexable', title: 't', enml: '<en-note/>', created: null, updated: null, authorName: 'a', notebook: 'n',
    notebookShareId: null, tags: ['x'], lang: 'en', resources: [], version: 'v',
  };

  it('clips titles, names, tags and file names, and keeps at most 100 tags and 1000 resources', () => {
    const resource = { hash: '0'.repeat(32), mime: `image/${'p'.repeat(1000)}`, size: 1, width: null, height: null, fileName: 'f'.repeat(10_000) };
    const note = parseShape(sharedNote, {
      ...NOTE, title: 'T'.repeat(30_000), authorName: 'A'.repeat(30_000), notebook: '笔'.repeat(30_000), lang: 'x'.repeat(500),
      tags: Array.from({ length: 5000 }, () => 'g'.repeat(1000)), resources: Array.from({ length: 3000 }, () => resource),
    });
    expect(note.title).toHaveLength(255);
    expect(note.authorName).toHaveLength(255);
    expect(note.notebook).toHaveLength(255);
    expect(note.lang).toHaveLength(35);
    expect(note.tags).toHaveLength(100);
    expect(note.tags.every((t) => t.length === 100)).toBe(true);
    expect(note.resources).toHaveLength(1000);
    expect(note.resources[0]?.fileName).toHaveLength(255);
    expect(note.resources[0]?.mime).toHaveLength(255);
  });

  it('drops the code points pages must not carry (controls, noncharacters, lone surrogates) from every name', () => {
    const dirty = (word: string): string => `${word}\u0001\u0085\u007f\ufffe\ud800 ]]>`;
    const note = parseShape(sharedNote, {
      ...NOTE, title: dirty('T'), authorName: dirty('A'), notebook: dirty('N'), tags: [dirty('g')],
      resources: [{ hash: '0'.repeat(32), mime: 'image/png', size: 1, width: null, height: null, fileName: dirty('f') }],
    });
    expect([note.title, note.authorName, note.notebook, note.tags[0], note.resources[0]?.fileName]).toEqual(['T ]]>', 'A ]]>', 'N ]]>', 'g ]]>', 'f ]]>']);
    expect(parseShape(notebookPage, { notebook: { ...NOTEBOOK, name: dirty('n') }, notes: [], page: 1, pageCount: 1 }).notebook.name).toBe('n ]]>');
    expect(parseShape(summaryPage, { items: [{ ...SUMMARY, title: dirty('t') }], nextCursor: null }).items[0]?.title).toBe('t ]]>');
  });

  it('never cuts a surrogate pair in half', () => {
    const note = parseShape(sharedNote, { ...NOTE, title: `${'a'.repeat(254)}😀` });
    expect(note.title).toBe('a'.repeat(254));
  });

  it.each([
    ['a notebook name', () => parseShape(notebookPage, { notebook: { ...NOTEBOOK, name: 'n'.repeat(9999) }, notes: [], page: 1, pageCount: 1 }).notebook.name],
    ['a summary title', () => parseShape(summaryPage, { items: [{ ...SUMMARY, title: 't'.repeat(9999) }], nextCursor: null }).items[0]?.title],
    ['a sitemap title', () => parseShape(sitemapEntry, { shareId: ID, title: 't'.repeat(9999), lastModified: null, imageHashes: [] }).title],
  ])('clips %s', (_name, read) => {
    expect(read()).toHaveLength(255);
  });
});

describe('header text encoding', () => {
  it.each([
    ['image/png', 'image/png'],
    ['山.png', '%E5%B1%B1.png'],
    ['a b%.txt', 'a%20b%25.txt'],
    ['line\r\nbreak', 'line%0D%0Abreak'],
    ['', ''],
  ])('%j <-> %j', (text, encoded) => {
    expect(encodeHeaderText(text)).toBe(encoded);
    expect(decodeHeaderText(encoded)).toBe(text);
  });

  it('reads a malformed escape as null, not a throw', () => {
    expect(decodeHeaderText('%E5%B1')).toBeNull();
    expect(decodeHeaderText('%zz')).toBeNull();
  });
});
