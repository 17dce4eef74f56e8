import { describe, expect, it } from 'vitest';
import { displayWidth } from '../enml/extract-text';
import { fallbackNoteDescription, MAX_TITLE_WIDTH, noteDisplayTitle, pageTitle } from './page-title';

const SITE = '笔记分享 · Shared Notes';

describe('pageTitle', () => {
  it.each([
    ['Short', `Short · ${SITE}`],
    ['周末杭州两日游攻略', `周末杭州两日游攻略 · ${SITE}`],
    ['A title just long enough that the suffix cannot fit', 'A title just long enough that the suffix cannot fit'],
    ['长'.repeat(40), `${'长'.repeat(29)}…`],
    ['word '.repeat(60).trim(), null],
    ['</title><script>alert(1)</script>', null],
  ])('%s', (title, expected) => {
    const result = pageTitle(title, SITE);
    if (expected !== null) expect(result).toBe(expected);
    expect(displayWidth(result)).toBeLessThanOrEqual(MAX_TITLE_WIDTH);
  });

  it('never cuts inside a surrogate pair', () => {
    const result = pageTitle('😀'.repeat(100), SITE);
    expect(result).toBe(Array.from(result).join(''));
    expect(result.endsWith('…')).toBe(true);
  });

  it.each([
    ['emoji count two columns', '🎉'.repeat(40), `${'🎉'.repeat(29)}…`],
    ['an emoji sequence counts its emoji, not its joiners', `${'👨‍👩‍👧‍👦'.repeat(3)} family`, `${'👨‍👩‍👧‍👦'.repeat(3)} family · ${SITE}`],
    ['combining marks count nothing', `Cafe\u0301 ${'e\u0301'.repeat(20)}`, `Cafe\u0301 ${'e\u0301'.repeat(20)} · ${SITE}`],
    ['CJK beyond the BMP counts two', '𠀀'.repeat(40), `${'𠀀'.repeat(29)}…`],
  ])('%s', (_name, title, expected) => {
    expect(pageTitle(title, SITE)).toBe(expected);
  });
});

describe('noteDisplayTitle', () => {
  it.each([
    ['Trip', 'en', '2024-05-01T00:00:00Z', null, 'Trip'],
    ['', 'en', '2024-05-01T00:00:00Z', null, 'Untitled (May 1, 2024)'],
    ['Untitled', 'en', null, 'Field notes', 'Untitled (Field notes)'],
    ['', 'zh-CN', '2024-05-01T00:00:00Z', null, '无标题笔记 (2024年5月1日)'],
    ['  ', 'en', null, null, 'Untitled'],
  ])('%j in %s', (title, lang, changed, notebook, expected) => {
    expect(noteDisplayTitle(title, lang, changed, notebook)).toBe(expected);
  });
});

describe('fallbackNoteDescription', () => {
  it('names the title, notebook and date in the page language', () => {
    expect(fallbackNoteDescription('Scan', 'en', '2024-05-01T00:00:00Z', 'Receipts')).toBe('“Scan”, a public note in the notebook “Receipts”, updated May 1, 2024.');
    expect(fallbackNoteDescription('扫描件', 'zh-CN', null, null)).toBe('“扫描件”的公开笔记。');
  });
});
