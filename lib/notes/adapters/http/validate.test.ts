import { describe, expect, it } from 'vitest';
import { decodeHeaderText, encodeHeaderText } from './contract';
import { notebookPage, parseShape, sitemapEntry, summaryPage } from './validate';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const SUMMARY = { shareId: ID, title: 't', updated: null, notebook: null, lang: 'en' };
const NOTEBOOK = { shareId: ID, state: 'link-only', name: 'n', updated: '2026-01-01T00:00:00.000Z', noteCount: 1, version: 'v' };

describe('response shape checks', () => {
  it.each<[string, () => unknown, unknown]>([
    ['a summary page', () => parseShape(summaryPage, { items: [SUMMARY], nextCursor: 'c' }), { items: [SUMMARY], nextCursor: 'c' }],
    ['a last summary page', () => parseShape(summaryPage, { items: [], nextCursor: null }), { items: [], nextCursor: null }],
    ['a sitemap entry with images', () => parseShape(sitemapEntry, { shareId: ID, title: '', lastModified: null, imageHashes: ['0'.repeat(32)] }), { shareId: ID, title: '', lastModified: null, imageHashes: ['0'.repeat(32)] }],
    ['a notebook page', () => parseShape(notebookPage, { notebook: NOTEBOOK, notes: [SUMMARY], page: 2, pageCount: 2 }), { notebook: NOTEBOOK, notes: [SUMMARY], page: 2, pageCount: 2 }],
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
    ['a fractional count', () => parseShape(notebookPage, { notebook: { ...NOTEBOOK, noteCount: 0.5 }, notes: [], page: 1, pageCount: 1 }), /noteCount/],
    ['NaN as a string', () => parseShape(notebookPage, { notebook: NOTEBOOK, notes: [], page: 'NaN', pageCount: 1 }), /\$\.page/],
    ['a string', () => parseShape(notebookPage, '{}'), /\$: expected an object/],
  ])('refuses %s', (_, parse, message) => {
    expect(parse).toThrow(message);
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
