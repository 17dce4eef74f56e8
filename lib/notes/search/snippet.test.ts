import { describe, expect, it } from 'vitest';
import { buildSnippet, highlightSegments } from './snippet';

describe('buildSnippet', () => {
  const long = `${'前言'.repeat(100)}这里说到了分享笔记的办法${'后记'.repeat(100)}`;

  it('keeps short text whole', () => {
    expect(buildSnippet('Day 3', 'day')).toBe('Day 3');
  });

  it('cuts long text around the first match, with ellipses', () => {
    const snippet = buildSnippet(long, '分享');
    expect(snippet).toContain('分享笔记');
    expect(snippet.startsWith('…') && snippet.endsWith('…')).toBe(true);
    expect(Array.from(snippet.replace(/…/g, ''))).toHaveLength(160);
  });

  it('starts at the beginning when nothing matches in the text (a title hit)', () => {
    expect(buildSnippet(long, 'absent').startsWith('前言')).toBe(true);
  });

  it('does not split surrogate pairs', () => {
    const snippet = buildSnippet(`${'🏔'.repeat(200)}x`, 'x');
    expect(snippet).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('highlightSegments', () => {
  it.each<[string, string, Array<[string, boolean]>]>([
    ['Shared notes and NOTEBOOKS', 'note', [['Shared ', false], ['note', true], ['s and ', false], ['NOTE', true], ['BOOKS', false]]],
    ['分享笔记的办法', '笔记 办法', [['分享', false], ['笔记', true], ['的', false], ['办法', true]]],
    ['<script>alert(1)</script>', 'script', [['<', false], ['script', true], ['>alert(1)</', false], ['script', true], ['>', false]]],
    ['a.b*c', '.*', [['a.b*c', false]]],
    ['nothing here', '', [['nothing here', false]]],
  ])('%s / %s', (text, query, expected) => {
    expect(highlightSegments(text, query).map((s) => [s.text, s.isMatch])).toEqual(expected);
  });
});
