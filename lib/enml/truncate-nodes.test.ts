import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { labelsFor } from './labels';
import { parseEnml } from './parse-enml';
import { renderEnml } from './render-enml';
import { escapedBytes, truncateNodes } from './truncate-nodes';

const render = (nodes: ReturnType<typeof parseEnml>['nodes']): string =>
  renderToStaticMarkup(createElement('div', null, ...renderEnml(nodes, { resolveResource: () => null, labels: labelsFor('en') })));

describe('truncateNodes', () => {
  const { nodes } = parseEnml(`<en-note>${Array.from({ length: 2000 }, (_, i) => `<p>paragraph ${i} 这是一段中文内容</p>`).join('')}</en-note>`);

  it('keeps everything under the budget', () => {
    expect(truncateNodes(nodes, 10_000_000)).toEqual({ nodes, isTruncated: false });
  });

  it('cuts between whole nodes: the result renders to well-formed HTML within the budget', () => {
    const { nodes: kept, isTruncated } = truncateNodes(nodes, 20_000);
    expect(isTruncated).toBe(true);
    const html = render(kept);
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(20_000);
    expect(html.endsWith('</p></div>')).toBe(true);
    expect((html.match(/<p>/g) ?? []).length).toBe((html.match(/<\/p>/g) ?? []).length);
  });

  it('descends into a single oversized block', () => {
    const big = parseEnml(`<en-note><div>${'<p>x</p>'.repeat(5000)}</div></en-note>`).nodes;
    const { nodes: kept, isTruncated } = truncateNodes(big, 2_000);
    expect(isTruncated).toBe(true);
    expect(render(kept)).toMatch(/^<div><div>(<p>x<\/p>)+<\/div><\/div>$/);
  });
});

describe('escapedBytes', () => {
  /** The definition: the UTF-8 bytes of the text as React escapes it. */
  const reference = (text: string): number => Buffer.byteLength(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;'));
  const cases = ['', 'plain ascii', '<a href="x">&amp;\'</a>', 'é ß ÿ', '中文，标点。「引号」', '😀 emoji', 'a\ud83d', '\ude00b', '\ud83d\ud83d\ude00', '\udbff', 'x'.repeat(1000) + '<'];
  it.each(cases)('%j', (text) => {
    expect(escapedBytes(text)).toBe(reference(text));
  });
});
