import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CASES, codeBlock, type HostileCase } from '@/test/hostile-enml';
import { extractText } from './extract-text';
import { HIGHLIGHT_MARKUP_BYTES, MAX_HIGHLIGHT_CHARS, loadHighlighter } from './highlight';
import { labelsFor } from './labels';
import { addHeadingAnchors } from './outline';
import { normalizeHeadings } from './normalize-headings';
import { parseEnml } from './parse-enml';
import { renderEnml } from './render-enml';
import { truncateNodes } from './truncate-nodes';

/**
 * The cost suite: every hostile note must cost linearly in its size. Wall-clock limits would be
 * flaky on a shared machine and say nothing about scaling, so each case is rendered at n and at
 * 4n, and the CPU time may grow by at most 2.5x per doubling (quadratic code grows 4x). Each size
 * is measured several times, interleaved, and the fastest run counts (interference from other
 * processes only ever adds time). Absolute figures live in the bench (`npm run bench`, hostile notes row).
 */

/** Everything the note page does with a body, without the limits (they would hide the scaling). */
function renderBody(enml: string): string {
  const parsed = parseEnml(enml);
  const { nodes } = truncateNodes(addHeadingAnchors(normalizeHeadings(parsed.nodes)).nodes, Number.MAX_SAFE_INTEGER);
  extractText(parsed.nodes);
  return renderToStaticMarkup(createElement('div', null, ...renderEnml(nodes, { resolveResource: () => null, labels: labelsFor('en') })));
}

function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * The fastest of `runs` measurements of: four renders at n (one batch), and one render at 4n. Both
 * allocate about as much, so garbage collection weighs on them alike.
 */
function fastest(hostile: HostileCase, runs: number): { small: number; large: number } {
  const small = hostile.make(hostile.unit);
  const large = hostile.make(4 * hostile.unit);
  const times = { small: Infinity, large: Infinity };
  for (let i = 0; i < runs; i += 1) {
    times.small = Math.min(times.small, cpuMs(() => {
      for (let j = 0; j < 4; j += 1) renderBody(small);
    }));
    times.large = Math.min(times.large, cpuMs(() => renderBody(large)));
  }
  return times;
}

/** Below this the timer's resolution and fixed costs dominate: such a case is cheap at any size. */
const NOISE_MS = 12;
/**
 * One render at 4n against four at n: linear cost gives 1x, quadratic 4x. The bound is "2n costs
 * at most ~2.5x n", applied twice (6.25x for 4n, that is 6.25 / 4 against the batch).
 */
const MAX_RATIO = (2.5 * 2.5) / 4;

describe('hostile notes cost linear time', () => {
  beforeAll(async () => {
    await loadHighlighter();
    renderBody(HOSTILE_CASES[0]?.make(100) ?? '');
  });

  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('%s', (_name, hostile) => {
    let times = fastest(hostile, 2);
    // A busy machine can slow one size throughout; measure again (up to three more times, each the
    // fastest of 5) before calling it quadratic: a quadratic case stays over on every attempt.
    for (let attempt = 0; attempt < 3 && times.large > MAX_RATIO * Math.max(times.small, NOISE_MS); attempt += 1) times = fastest(hostile, 5);
    expect(times.large, `${hostile.name}: ${times.small.toFixed(1)} ms for 4 renders at n, ${times.large.toFixed(1)} ms for one at 4n`)
      .toBeLessThanOrEqual(MAX_RATIO * Math.max(times.small, NOISE_MS));
  });
});

describe('highlighting budget per note', () => {
  beforeAll(() => loadHighlighter());

  it('highlights at most MAX_HIGHLIGHT_CHARS per note; the rest of the code stays, plain', () => {
    const block = codeBlock('javascript', 'let a = 1; // x\n'.repeat(4000));
    const html = renderBody(`<en-note>${block.repeat(4)}</en-note>`);
    const highlightedLines = html.split('<span class="hljs-keyword">let</span>').length - 1;
    expect(highlightedLines * 'let a = 1; // x\n'.length).toBeLessThanOrEqual(MAX_HIGHLIGHT_CHARS);
    expect(highlightedLines).toBeGreaterThan(0);
    expect(html.split('let a = 1;').length - 1).toBe(4 * 4000 - highlightedLines);
  });

  it('adds at most HIGHLIGHT_MARKUP_BYTES of markup to a page', () => {
    // Every character its own token: the densest markup a grammar produces.
    const block = codeBlock('javascript', '1,'.repeat(40_000));
    const html = renderBody(`<en-note>${block.repeat(3)}</en-note>`);
    const plain = renderBody(`<en-note>${codeBlock('no-such-language', '1,'.repeat(40_000)).repeat(3)}</en-note>`);
    const markup = Buffer.byteLength(html) - Buffer.byteLength(plain.replace(/ class="language-no-such-language"/g, ' class="language-javascript"'));
    expect(markup).toBeGreaterThan(0);
    expect(markup).toBeLessThanOrEqual(HIGHLIGHT_MARKUP_BYTES);
  });
});

describe('page size accounting', () => {
  it.each([
    ['escaped characters (1 byte of ENML, up to 6 of HTML)', `<p>${'&lt;&quot;\''.repeat(20_000)}</p>`],
    ['one huge paragraph is cut, not dropped', `<p>${'中文'.repeat(50_000)}</p>`],
    ['one huge code block is cut, not dropped', `<div style="--en-codeblock:true"><div>${'x&lt;y '.repeat(50_000)}</div></div>`],
    ['many small elements', '<p><b>x</b> <a href="https://example.com/">y</a></p>'.repeat(5_000)],
    ['long attributes', `<p title='${'"'.repeat(3000)}'>x</p>`.repeat(50)],
  ])('%s: the rendered body stays within the budget', (_name, body) => {
    const budget = 50_000;
    const parsed = parseEnml(`<en-note>${body}</en-note>`);
    const { nodes, isTruncated } = truncateNodes(parsed.nodes, budget);
    const html = renderToStaticMarkup(createElement('div', null, ...renderEnml(nodes, { resolveResource: () => null, labels: labelsFor('en') })));
    expect(isTruncated).toBe(true);
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(budget);
    expect(Buffer.byteLength(html)).toBeGreaterThan(budget / 10);
  });
});

describe('parse limits', () => {
  it.each([
    ['characters', { maxChars: 10_000 }, '<p>abc <b>def</b></p>'.repeat(5_000)],
    ['nodes', { maxNodes: 1_000 }, '<br/>'.repeat(50_000)],
  ])('stops at the %s limit and says so', (_name, limits, body) => {
    const full = parseEnml(`<en-note>${body}</en-note>`);
    const cut = parseEnml(`<en-note>${body}</en-note>`, limits);
    expect(full.isCut).toBe(false);
    expect(cut.isCut).toBe(true);
    expect(cut.nodes.length).toBeGreaterThan(0);
    expect(cut.nodes.length).toBeLessThan(full.nodes.length);
  });

  it('a cut never lands inside a tag or an entity', () => {
    const enml = `<en-note>${'<p title="a > b">x&amp;y</p>'.repeat(20)}</en-note>`;
    for (let maxChars = 10; maxChars < 300; maxChars += 1) {
      const words = extractText(parseEnml(enml, { maxChars }).nodes).split(' ').filter((w) => w !== '');
      for (const word of words) expect(['x&y', 'x', 'x&'], `cut at ${maxChars}`).toContain(word);
    }
  });
});
