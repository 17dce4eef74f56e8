import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { labelsFor } from './labels';
import { parseEnml } from './parse-enml';
import { renderEnml } from './render-enml';
import { HOSTILE_CASES } from '../../test/hostile-enml';
import { ownXssPayloads } from '../../test/xss-payloads';
import { escapedBytes, estimateBytes, surelyFits, truncateNodes } from './truncate-nodes';

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

describe('surelyFits: the quick bound that skips the estimate', () => {
  const trees: Array<[string, string]> = [
    ['paragraphs', `<en-note>${'<p title="t&quot;">a &lt; 中文 😀</p>'.repeat(50)}</en-note>`],
    ['every element kind', '<en-note><div style="color:red;text-align:center"><a href="https://a.example/?q=&quot;">x</a><table><tr><td colspan="2">c</td></tr></table><ol start="3"><li value="2">i</li></ol><en-todo checked="true"/>t<en-crypt hint="h">QUJD</en-crypt><img src="https://b.example/i.png" alt="a"/><en-media type="image/png" hash="0123456789abcdef0123456789abcdef"/><div style="--en-codeblock:true"><div>code &lt;</div></div><ul style="--en-todo:true"><li style="--en-checked:true">x</li></ul></div></en-note>'],
    ...HOSTILE_CASES.map((hostile): [string, string] => [hostile.name, hostile.make(Math.ceil(hostile.unit / 10))]),
    ...ownXssPayloads().map((payload): [string, string] => [payload, `<en-note><p>${payload}</p></en-note>`]),
  ];
  it.each(trees)('%s: never says fits when the exact estimate does not', (_name, enml) => {
    const { nodes } = parseEnml(enml);
    const exact = nodes.reduce((sum, node) => sum + estimateBytes(node), 0);
    expect(surelyFits(nodes, 36 * exact + 4096)).toBe(true);
    expect(truncateNodes(nodes, exact)).toEqual({ nodes, isTruncated: false });
    if (nodes.length === 0) return;
    expect(surelyFits(nodes, exact - 1)).toBe(false);
    expect(truncateNodes(nodes, exact - 1).isTruncated).toBe(true);
  });
});
