import { describe, expect, it } from 'vitest';
import { normalizeHeadings } from './normalize-headings';
import { addHeadingAnchors, MAX_TOC_ENTRIES, readingMinutes } from './outline';
import { parseEnml } from './parse-enml';

describe('addHeadingAnchors', () => {
  it('numbers h2/h3 headings and lists them, skipping empty ones', () => {
    const { nodes } = parseEnml('<en-note><h1>Intro</h1><p>x</p><h2>Part <b>one</b></h2><h2></h2><h1>Next</h1></en-note>');
    const { toc, nodes: anchored } = addHeadingAnchors(normalizeHeadings(nodes));
    expect(toc).toEqual([
      { id: 'section-1', level: 2, text: 'Intro' },
      { id: 'section-2', level: 3, text: 'Part one' },
      { id: 'section-3', level: 2, text: 'Next' },
    ]);
    expect(anchored[0]).toMatchObject({ tag: 'h2', attrs: { id: 'section-1' } });
  });

  it(`lists at most MAX_TOC_ENTRIES headings; the rest keep their anchors`, () => {
    const { nodes } = parseEnml(`<en-note>${'<h2>Same</h2><p>x</p>'.repeat(MAX_TOC_ENTRIES + 5)}</en-note>`);
    const { toc, nodes: anchored } = addHeadingAnchors(normalizeHeadings(nodes));
    expect(toc).toHaveLength(MAX_TOC_ENTRIES);
    expect(toc.at(-1)?.id).toBe(`section-${MAX_TOC_ENTRIES}`);
    expect(anchored.at(-2)).toMatchObject({ attrs: { id: `section-${MAX_TOC_ENTRIES + 5}` } });
  });
});

describe('readingMinutes', () => {
  it.each([
    ['', 1],
    ['字'.repeat(4000), 10],
    [Array.from({ length: 2300 }, () => 'word').join(' '), 10],
    [`${'字'.repeat(2000)} ${Array.from({ length: 1150 }, () => 'word').join(' ')}`, 10],
  ])('%#', (text, minutes) => {
    expect(readingMinutes(text)).toBe(minutes);
  });
});
