import { describe, expect, it } from 'vitest';
import { fitText } from './render-og-image';

describe('fitText (what an Open Graph card draws)', () => {
  it.each([
    ['short text is kept', 'Travel', 64, 'Travel'],
    ['Latin text is cut at the column limit', 'n'.repeat(30_000), 64, `${'n'.repeat(64)}…`],
    ['CJK counts two columns', '笔'.repeat(30_000), 64, `${'笔'.repeat(32)}…`],
    ['trailing space before the cut is dropped', `${'a'.repeat(63)} bcd`, 64, `${'a'.repeat(63)}…`],
  ])('%s', (_name, text, columns, expected) => {
    expect(fitText(text, columns)).toBe(expected);
  });
});
