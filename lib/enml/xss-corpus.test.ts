import { parseDocument } from 'htmlparser2';
import { isTag, type AnyNode, type Element } from 'domhandler';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, corpusSuiteTitle } from '../../test/paths';
import { corpusXssPayloads, ownXssPayloads, xssPayloads } from '../../test/xss-payloads';
import { enNote, renderToHtml } from '../../test/render-html';
import { loadHighlighter } from './highlight';

// Rendered as the note page renders them: with the highlighter loaded (the page loads it for notes with code).
beforeAll(() => loadHighlighter());

const FORBIDDEN_TAGS = new Set(['script', 'iframe', 'object', 'embed', 'form', 'base', 'meta', 'style', 'link', 'svg', 'math', 'frame', 'frameset', 'applet', 'template', 'noscript', 'input', 'textarea', 'button', 'select']);
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'cite', 'data']);

/** Every element of the rendered HTML, as a browser-like HTML parser sees it. */
function elements(html: string): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [parseDocument(html)];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (isTag(node)) out.push(node);
    if ('children' in node) stack.push(...node.children);
  }
  return out;
}

/** Returns a description of the first executable construct in `html`, or null when it is inert. */
function findExecutable(html: string): string | null {
  for (const el of elements(html)) {
    // Our own checklist boxes are the only inputs we emit.
    if (el.name === 'input' && el.attribs.type === 'checkbox' && 'disabled' in el.attribs && Object.keys(el.attribs).every((a) => ['type', 'class', 'disabled', 'aria-label', 'checked'].includes(a))) continue;
    if (FORBIDDEN_TAGS.has(el.name)) return `<${el.name}>`;
    for (const [name, value] of Object.entries(el.attribs)) {
      if (/^on/i.test(name)) return `${el.name}[${name}]`;
      if (name === 'style' && /url\s*\(|expression\s*\(|@import|\\/i.test(value)) return `${el.name}[style=${value}]`;
      if (URL_ATTRS.has(name)) {
        const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(value.replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase();
        if (scheme && !['http', 'https', 'mailto', 'tel'].includes(scheme) && !(scheme === 'data' && el.name === 'img' && /^data:image\/(png|jpeg|gif|webp);base64,/i.test(value))) {
          return `${el.name}[${name}=${value.slice(0, 40)}]`;
        }
      }
    }
  }
  return null;
}

describe('XSS payloads (our own, plus the corpus when present): every payload embedded in a note renders inert', () => {
  const all = xssPayloads();

  it('has our own payloads', () => {
    expect(ownXssPayloads().length).toBeGreaterThan(50);
  });

  it.skipIf(!corpusPath('xss'))(corpusSuiteTitle('has the corpus it expects', 'xss'), () => {
    expect(corpusXssPayloads().length).toBeGreaterThan(2000);
  });

  const wrappers: Array<[string, (p: string) => string]> = [
    ['as note body', (p) => enNote(p)],
    ['inside a paragraph', (p) => enNote(`<p>${p}</p>`)],
    ['as an href', (p) => enNote(`<a href="${p.replace(/"/g, '&quot;')}">x</a>`)],
    ['as an img src', (p) => enNote(`<img src="${p.replace(/"/g, '&quot;')}"/>`)],
    ['as a style', (p) => enNote(`<span style="${p.replace(/"/g, '&quot;')}">x</span>`)],
    ['raw, without en-note', (p) => p],
  ];

  it.each(wrappers)('%s', (_name, wrap) => {
    const failures: string[] = [];
    for (const payload of all) {
      const html = renderToHtml(wrap(payload));
      const found = findExecutable(html);
      if (found) failures.push(`${found} from ${payload.slice(0, 80)}`);
    }
    expect(failures).toEqual([]);
  });

  it('the checker itself catches executable markup', () => {
    expect(findExecutable('<img src=x onerror=alert(1)>')).toBe('img[onerror]');
    expect(findExecutable('<a href=" javascript:alert(1)">x</a>')).toMatch(/^a\[href/);
    expect(findExecutable('<div><script>1</script></div>')).toBe('<script>');
    expect(findExecutable('<p style="background:url(x)">x</p>')).toMatch(/style/);
  });
});
