import { describe, expect, it } from 'vitest';
import { enNote, renderToHtml } from '../../test/render-html';

/**
 * Code points HTML forbids (controls, noncharacters) never reach the page, whether the note holds
 * them raw (ENEX allows C1 controls and most noncharacters; the note service may send anything) or
 * as character references, in text, attributes, labels, code or a hint.
 */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]|\ud83f[\udffe\udfff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const RAW = 'a\u0001\u0008\u000b\u001b\u007f\u0085\u009f\ufdd0\ufffe\uffff\ud83f\udffe\ud800b';
const REFS = 'a&#1;&#x8;&#11;&#x7f;&#xfdd0;&#xFFFE;&#xffff;&#x1fffe;&#x10FFFF;b';

describe('code points pages must not carry', () => {
  it.each([
    ['text', (t: string) => `<div>${t}</div>`],
    ['a title attribute', (t: string) => `<div title="${t}">x</div>`],
    ['an image alt', (t: string) => `<img src="https://example.com/a.png" alt="${t}"/>`],
    ['a legacy checklist label', (t: string) => `<div><en-todo checked="true"/>${t}</div>`],
    ['an Evernote 10 checklist label', (t: string) => `<ul style="--en-todo:true;"><li style="--en-checked:false;">${t}</li></ul>`],
    ['a code block', (t: string) => `<div style="--en-codeblock:true;"><div>${t}</div></div>`],
    ['an encrypted block hint', (t: string) => `<en-crypt hint="${t}">RU5DMA==</en-crypt>`],
    ['text nested past the depth limit', (t: string) => `${'<div>'.repeat(80)}${t}${'</div>'.repeat(80)}`],
  ])('are dropped from %s', (_name, body) => {
    for (const input of [RAW, REFS]) {
      const html = renderToHtml(enNote(body(input)));
      expect(html, input).not.toMatch(FORBIDDEN);
      expect(html, input).toMatch(/ab/);
    }
  });

  it('leave other text alone: emoji, CJK, tabs and line breaks', () => {
    expect(renderToHtml(enNote('<pre>周末\t😀\nx</pre>'))).toContain('周末\t😀\nx');
  });
});
