import { describe, expect, it } from 'vitest';
import { normalizeQuery, queryTerms, toIndexText, toMatchExpression, MAX_QUERY_CHARS, MAX_QUERY_TERMS } from './search-terms';
import { LIMITS } from '../adapters/http/contract';

describe('toIndexText', () => {
  it.each([
    ['笔记分享', '笔记 记分 分享 享'],
    ['学', '学'],
    ['Next.js 笔记', 'Next.js 笔记 记'],
    ['ｆｕｌｌ　ｗｉｄｔｈ', 'full width'],
    ['mixed中文text', 'mixed 中文 文 text'],
    ['カタカナ', 'カタ タカ カナ ナ'],
  ])('%s', (text, expected) => {
    expect(toIndexText(text).replace(/\s+/g, ' ').trim()).toBe(expected);
  });
});

describe('queryTerms and toMatchExpression', () => {
  it.each<[string, string[], string | null]>([
    ['笔记', ['笔记'], '"笔记"'],
    ['分享笔记本', ['分享笔记本'], '"分享 享笔 笔记 记本"'],
    ['笔', ['笔'], '"笔"*'],
    ['Notes', ['notes'], '"notes"*'],
    ['go', ['go'], '"go"'],
    ['next.js笔记', ['next', 'js', '笔记'], '"next"* AND "js" AND "笔记"'],
    ['a a A', ['a'], '"a"'],
    ['"x" OR y*', ['x', 'or', 'y'], '"x" AND "or" AND "y"'],
    ['title_terms:evil', ['title', 'terms', 'evil'], '"title"* AND "terms"* AND "evil"*'],
    ['   ', [], null],
    ['!!! ??? 。，', [], null],
    ['\u0000\u0001', [], null],
  ])('%j', (query, terms, match) => {
    expect(queryTerms(query)).toEqual(terms);
    expect(toMatchExpression(query)).toBe(match);
  });

  it('bounds the query and its terms', () => {
    expect(Array.from(normalizeQuery('字'.repeat(500)))).toHaveLength(MAX_QUERY_CHARS);
    expect(queryTerms(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(MAX_QUERY_TERMS);
    expect(LIMITS.maxQueryChars).toBe(MAX_QUERY_CHARS);
  });

  it('normalises spacing and width', () => {
    expect(normalizeQuery('  ａｂｃ \t\n 笔记  ')).toBe('abc 笔记');
  });
});
