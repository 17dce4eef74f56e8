import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { parseEnml } from './parse-enml';

const code = (style: string) => `<en-note><div style="${style}"><div>x = 1</div></div></en-note>`;

describe('needsHighlighter', () => {
  it.each([
    ['a code block with a language', code('--en-codeblock:true; --en-syntaxLanguage:python'), true],
    ['a code block inside a list', `<en-note><ul><li><div style="--en-codeblock:true; --en-syntaxLanguage:js"><div>a</div></div></li></ul></en-note>`, true],
    ['a code block inside a table cell', `<en-note><table><tr><td><div style="--en-codeblock:true; --en-syntaxLanguage:sql"><div>select 1</div></div></td></tr></table></en-note>`, true],
    ['a code block after a checkbox', `<en-note><div><en-todo checked="false"/>do <div style="--en-codeblock:true; --en-syntaxLanguage:bash"><div>ls</div></div></div></en-note>`, true],
    ['a code block without a language (never highlighted)', code('--en-codeblock:true'), false],
    ['no code at all', '<en-note><p>plain <b>text</b></p></en-note>', false],
  ])('%s -> %s', async (_name, enml, expected) => {
    const { needsHighlighter } = await import('./highlight');
    expect(needsHighlighter(parseEnml(enml).nodes)).toBe(expected);
  });
});

describe('loadHighlighter', () => {
  it('code renders plain until the grammars are loaded, highlighted after, and loading twice loads once', async () => {
    vi.resetModules();
    const { highlightCode, loadHighlighter } = await import('./highlight');
    expect(highlightCode('def f(): pass', 'python')).toBeNull();
    const first = loadHighlighter();
    expect(loadHighlighter()).toBe(first);
    await first;
    const html = renderToStaticMarkup(createElement('code', null, ...(highlightCode('def f(): pass', 'python') ?? [])));
    expect(html).toContain('<span class="hljs-keyword">def</span>');
    expect(highlightCode('a', 'no-such-language')).toBeNull();
  });
});

describe('highlighting budget', () => {
  it('is a count, not a clock: a slow or cold instance renders the same bytes (one ETag, one page)', async () => {
    const { createHighlightBudget, highlightCode, loadHighlighter } = await import('./highlight');
    await loadHighlighter();
    const ini = Array.from({ length: 3000 }, (_, i) => `[section${i}]\nkey${i} = value ${i}\n`).join('');
    const render = () => renderToStaticMarkup(createElement('code', null, ...(highlightCode(ini, 'ini', createHighlightBudget()) ?? [])));
    const calm = render();
    let now = 0;
    // Every clock read jumps a second: a time budget would stop after the first piece.
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1000));
    try {
      expect(render()).toBe(calm);
    } finally {
      clock.mockRestore();
    }
    expect(calm).toContain('hljs-section');
  });

  it.each([
    ['a fast grammar', 'python', 'x = 1\n', 1],
    ['a slow grammar (counts four times)', 'ini', 'a = 1\n', 4],
  ])('%s stops highlighting after its share of the per-note characters', async (_name, language, line, weight) => {
    const { MAX_HIGHLIGHT_CHARS, createHighlightBudget, highlightCode, loadHighlighter } = await import('./highlight');
    await loadHighlighter();
    const text = line.repeat(Math.ceil((2 * MAX_HIGHLIGHT_CHARS) / line.length));
    const budget = createHighlightBudget();
    const nodes = highlightCode(text, language, budget) ?? [];
    const tail = nodes[nodes.length - 1];
    if (typeof tail !== 'string') throw new Error('the code past the budget should end the children as plain text');
    const highlightedChars = text.length - tail.length;
    expect(highlightedChars * weight).toBeLessThanOrEqual(MAX_HIGHLIGHT_CHARS);
    expect(highlightedChars * weight).toBeGreaterThan(MAX_HIGHLIGHT_CHARS - 1000 * weight);
  });
});
