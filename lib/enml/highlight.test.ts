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
