import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createElement, Fragment, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { listEnexFiles } from '@/lib/enex/list-enex-files';
import { readEnex } from '@/lib/enex/read-enex';
import { EnexRefusedError } from '@/lib/enex/types';
import { corpusPath, corpusSuiteTitle, fixtureEnexDir, repoRoot } from '@/test/paths';
import { HOSTILE_CASES } from '@/test/hostile-enml';
import { corpusXssPayloads, xssPayloads } from '@/test/xss-payloads';
import { enNote } from '@/test/render-html';
import { loadHighlighter } from './highlight';
import { childrenHtml, escapeHtml, Html, HtmlMarkup, type HtmlChild } from './html-markup';
import { labelsFor } from './labels';
import { parseEnml } from './parse-enml';
import { renderEnml, renderEnmlHtml, type RenderOptions, type ResolvedResource } from './render-enml';

/**
 * The HTML markup must write what react-dom/server's renderToString writes for the same elements,
 * byte for byte: the note page outside Next is compared with Next's own page, and React's escaping
 * is the bar the markup's escaping is held to.
 */

/** Written where the markup starts, so what React hoists ahead of it can be told apart. Never in a note's output. */
const MARK = '<template></template>';

/** renderToString of `children` as siblings: what it hoists ahead of them (image preloads), and their markup. */
function reactHtml(children: readonly ReactNode[]): { hoisted: string; html: string } {
  const page = renderToString(createElement(Fragment, null, createElement('template'), ...children));
  const at = page.indexOf(MARK);
  return { hoisted: page.slice(0, at), html: page.slice(at + MARK.length) };
}

/** An element tree built both ways: [tag, props, ...children]. */
type Tree = string | number | boolean | null | undefined | Tree[] | { el: [string, Record<string, unknown>, ...Tree[]] };
const el = (tag: string, props: Record<string, unknown> = {}, ...children: Tree[]): Tree => ({ el: [tag, props, ...children] });

function toReact(tree: Tree): ReactNode {
  if (Array.isArray(tree)) return tree.map(toReact);
  if (tree !== null && typeof tree === 'object') {
    const [tag, props, ...children] = tree.el;
    return createElement(tag, props, ...children.map(toReact));
  }
  return tree;
}

function toHtml(markup: HtmlMarkup, tree: Tree): HtmlChild {
  if (Array.isArray(tree)) return tree.map((child) => toHtml(markup, child));
  if (tree !== null && typeof tree === 'object') {
    const [tag, props, ...children] = tree.el;
    return markup.element(tag, props, ...children.map((child) => toHtml(markup, child)));
  }
  return tree;
}

const img = (src: string, extra: Record<string, unknown> = {}): Tree => el('img', { src, alt: '', width: 10, height: 10, decoding: 'async', ...extra });
const HOSTILE_TEXT = '<script>alert("x")</script> & \' " < > &amp; &lt; \u0000 \u2028 😀 中文';

const TREES: Array<[string, Tree[]]> = [
  ['nothing', []],
  ['one text', ['a']],
  ['adjacent texts', ['a', 'b', 'c']],
  ['texts around null, false, undefined, true and empty text', ['a', null, false, '', 'b', undefined, true, 'c']],
  ['numbers are text', ['a', 1, 2, el('b', {}, 3, 'x'), 0]],
  ['nested arrays', [['a', ['b']], el('i', {}, ['c', ['d', 'e']]), 'f', [], 'g']],
  ['text that needs escaping', [HOSTILE_TEXT, el('p', {}, HOSTILE_TEXT), el('span', {}, 'a', HOSTILE_TEXT)]],
  ['attribute values that need escaping', [el('span', { title: HOSTILE_TEXT, lang: '"><script>', 'aria-label': "'&'", className: 'a"b' }, 'x')]],
  ['links: escaped query, empty href, javascript: URLs as React blocks them', [
    el('a', { href: '/?a=1&b="2"', rel: 'nofollow', title: '<>' }, '<&>'),
    el('a', { href: '' }, 'empty'),
    el('a', { href: 'javascript:alert(1)' }, 'js'),
    el('a', { href: ' \u0001JaVa\tScRiPt:alert(1)' }, 'js spaced'),
    el('a', { href: 'https://example.com/', download: 'a "b".pdf' }, 'file'),
    el('a', { href: 'https://example.com/', download: true }, 'file'),
    el('a', { href: 'https://example.com/', download: false }, 'file'),
  ]],
  ['elements between texts', ['a', el('br'), 'b', el('span'), 'c', el('hr', { className: 'x' }), 'd']],
  ['deep nesting with text runs', [el('div', {}, 'x', el('p', {}, 'y', 'z', el('b', {}, 'w', 'v')), 'u', 't')]],
  ['styles: hyphenated names, trimmed escaped values, empty values skipped', [el('p', { style: { color: 'red', marginLeft: ' 2em ', backgroundColor: '"><x', textAlign: '', fontWeight: undefined }, tabIndex: 0, className: 'c' }, 'a', 'b'), el('p', { style: {} }, 'n')]],
  ['numeric attributes: spans, starts, values', [el('table', {}, el('tbody', {}, el('tr', {}, el('td', { colSpan: 2, rowSpan: 0 }, 'a'), el('td', { colSpan: '3', rowSpan: 'x' }, 'b')))), el('ol', { start: 3, type: 'a' }, el('li', { value: 5 }, 'x')), el('colgroup', { span: 0 }), el('col', { span: 2 })]],
  ['checkboxes: checked written last', [el('li', { className: 'todo-item' }, el('input', { type: 'checkbox', className: 'todo', disabled: true, defaultChecked: true, 'aria-label': 'x' }), 'done', 'now'), el('input', { type: 'checkbox', disabled: true, defaultChecked: false, 'aria-label': '"y"' })]],
  ['checkboxes: falsy and truthy values that are not booleans', [el('input', { type: 'checkbox', defaultChecked: 0 }), el('input', { type: 'checkbox', defaultChecked: '' }), el('input', { type: 'checkbox', defaultChecked: 1 }), el('input', { type: 'checkbox', defaultChecked: 'yes' })]],
  ['styles: a zero number', [el('p', { style: { marginLeft: 0, paddingLeft: '0' } }, 'x')]],
  ['aria booleans and numbers', [el('span', { 'aria-hidden': true, role: 'heading', 'aria-level': 3 }, '📎'), el('span', { 'aria-hidden': false }, 'x')]],
  ['pre: a newline first in its only text child is doubled', [el('pre', {}, '\nline'), el('pre', {}, '\n', 'x'), el('pre', {}, 'x\n'), el('pre', { tabIndex: 0 }, el('code', {}, '\nx'))]],
  ['the first eager images are preloaded, once each', ['a', el('p', {}, 'b', img('/r/x/1', { loading: 'eager', fetchPriority: 'high' })), img('/r/x/2', { loading: 'lazy' }), img('/r/x/1', { loading: 'eager' }), 'c']],
  ['no preload for data: images, low priority or nothing to load', [img('data:image/png;base64,AAAA', { loading: 'eager' }), img('/r/x/3', { fetchPriority: 'low' }), el('img', { alt: 'none' })]],
  ['preloads with srcset and sizes', [el('img', { src: '/r/x/4', srcSet: '/r/x/4?w=320 320w, /r/x/4?w=640 640w', sizes: '(max-width: 640px) 100vw, 640px', alt: 'a"b', loading: 'eager', fetchPriority: 'high', decoding: 'async' }), el('img', { src: '/r/x/5', srcSet: '/r/x/5 1x', alt: '' })]],
  ['an image with a javascript: source', [el('img', { src: 'javascript:alert(1)', alt: 'x', loading: 'lazy' })]],
  ['long text', ['a'.repeat(5000), 'b'.repeat(3000), el('pre', {}, el('code', {}, '\nline\n', 'x'.repeat(4000)))]],
];

describe('HtmlMarkup writes what renderToString writes for the same elements', () => {
  it.each(TREES)('%s', (_name, children) => {
    const markup = new HtmlMarkup();
    const html = childrenHtml(children.map((child) => toHtml(markup, child)));
    expect({ hoisted: markup.hoisted(), html }).toEqual(reactHtml(children.map(toReact)));
  });

  it('escapes as React does: the five characters, nothing else', () => {
    expect(escapeHtml(HOSTILE_TEXT)).toBe(renderToString(HOSTILE_TEXT));
    expect(escapeHtml('plain 中文')).toBe('plain 中文');
  });

  it('writes pre-escaped text as text (separators between adjacent texts)', () => {
    expect(childrenHtml(['a', new Html('&lt;', true), 'b', new Html('<br/>'), 'c'])).toBe('a<!-- -->&lt;<!-- -->b<br/>c');
  });

  const refused: Array<[string, () => unknown]> = [
    ['an element it has no rule for', () => new HtmlMarkup().element('script', {}, 'alert(1)')],
    ['an attribute it has no rule for', () => new HtmlMarkup().element('span', { onClick: 'alert(1)' })],
    ['an event handler attribute', () => new HtmlMarkup().element('img', { src: '/x', onerror: 'alert(1)' })],
    ['raw HTML', () => new HtmlMarkup().element('div', { dangerouslySetInnerHTML: { __html: '<script>' } })],
    ['children of a void element', () => new HtmlMarkup().element('br', {}, 'x')],
    ['a style given as a string', () => new HtmlMarkup().element('p', { style: 'color:red' })],
    ['a custom property in a style', () => new HtmlMarkup().element('p', { style: { '--x': 'url(x)' } })],
    // React writes unitless properties bare and others in px; the renderer never gives numbers.
    ['a number in a unitless style property', () => new HtmlMarkup().element('p', { style: { fontWeight: 700 } })],
    ['a number in a style property with units', () => new HtmlMarkup().element('p', { style: { marginLeft: 2 } })],
    ['a child that is not text or markup', () => new HtmlMarkup().element('p', {}, { toString: () => '<script>' } as unknown as string)],
  ];
  it.each(refused)('refuses %s', (_name, write) => {
    expect(write).toThrow(/html markup/);
  });
});

interface Sample {
  name: string;
  enml: string;
  resources: Record<string, ResolvedResource>;
}

async function enexSamples(dir: string | null): Promise<Sample[]> {
  if (!dir) return [];
  const out: Sample[] = [];
  for (const file of listEnexFiles(dir)) {
    try {
      for await (const entry of readEnex(createReadStream(file))) {
        if (!entry.ok) continue;
        const resources: Record<string, ResolvedResource> = {};
        entry.note.resources.forEach((r, i) => {
          // Every other image has responsive candidates, as with image processing configured.
          const srcSet = i % 2 === 0 ? { srcSet: `/r/x/${r.hash}?w=320 320w, /r/x/${r.hash}?w=640 640w`, sizes: '(max-width: 640px) 100vw, 640px' } : {};
          resources[r.hash] = { url: `/r/x/${r.hash}`, mime: r.mime, size: r.data.length, fileName: r.fileName ?? `file "${i}" <a>.bin`, width: 100 + i, height: 50, isImage: r.mime.startsWith('image/'), ...srcSet };
        });
        out.push({ name: `${file}: ${entry.note.title}`, enml: entry.note.enml, resources });
      }
    } catch (error) {
      if (!(error instanceof EnexRefusedError)) throw error;
    }
  }
  return out;
}

/** Odd fragments of a note: its markup cut at a few places (unclosed elements, cut entities), and without its en-note. */
function fragments(sample: Sample): Sample[] {
  const { enml } = sample;
  const cuts = [0.17, 0.5, 0.83].map((at) => Math.floor(enml.length * at));
  return [
    ...cuts.map((cut) => ({ ...sample, name: `${sample.name} (cut at ${cut})`, enml: enml.slice(0, cut) })),
    { ...sample, name: `${sample.name} (middle, no en-note)`, enml: enml.slice(cuts[0], cuts[2]) },
  ];
}

function expectSameBytes(sample: Sample, extra: Partial<RenderOptions> = {}): void {
  const parsed = parseEnml(sample.enml);
  const options: RenderOptions = { resolveResource: (hash) => sample.resources[hash] ?? null, labels: labelsFor(parsed.lang ?? (sample.name.length % 2 === 0 ? 'en' : 'zh-CN')), ...extra };
  const ours = renderEnmlHtml(parsed.nodes, options);
  const react = reactHtml(renderEnml(parsed.nodes, options));
  expect(ours.hoisted, sample.name).toBe(react.hoisted);
  if (ours.html !== react.html) expect(firstDifference(ours.html, react.html), sample.name).toBe('');
}

/** Where two long strings first differ, with some context (a whole note in a failure message is unreadable). */
function firstDifference(a: string, b: string): string {
  let at = 0;
  while (at < a.length && a[at] === b[at]) at += 1;
  return `at ${at} of ${a.length}/${b.length}: ours …${JSON.stringify(a.slice(Math.max(0, at - 40), at + 80))}… React's …${JSON.stringify(b.slice(Math.max(0, at - 40), at + 80))}…`;
}

describe('renderEnmlHtml writes what renderToString writes for renderEnml', () => {
  let own: Sample[] = [];
  let corpus: Sample[] = [];
  beforeAll(async () => {
    await loadHighlighter();
    own = [
      ...(await enexSamples(join(repoRoot, 'demo', 'enex'))),
      ...(await enexSamples(fixtureEnexDir)),
      { name: 'links, phrasing and tables around large content', enml: `<en-note><a href="https://example.com/">${'<div>x <a href="https://example.org/">y</a></div>'.repeat(4)}</a><span>${'<div><p>z</p><table><tr><td>c</td></tr></table></div>'.repeat(3)}</span><table>${'<tr><td><img src="data:image/png;base64,iVBORw0KGgo="/></td></tr>'.repeat(4)}</table></en-note>`, resources: {} },
      { name: 'long text at the top, in a pre, in code and in a link', enml: `<en-note>${'&lt;a&amp;'.repeat(9000)}<pre>\n${'x&lt;'.repeat(9000)}</pre><div style="--en-codeblock:true"><div>${'&lt;'.repeat(40000)}</div></div><a href="https://a.example/">${'y'.repeat(70000)}</a></en-note>`, resources: {} },
      { name: 'highlighted code with a long plain rest', enml: `<en-note><div style="--en-codeblock:true; --en-syntaxLanguage:javascript">${'<div>const a = "&lt;/script&gt;"; // x</div>'.repeat(3000)}</div></en-note>`, resources: {} },
    ];
    corpus = await enexSamples(corpusPath('enex'));
  });

  it('on the demo notes, fixtures and long notes, whole and in fragments, in one call and with large elements rendered ahead', () => {
    expect(own.length).toBeGreaterThan(5);
    for (const sample of own) {
      for (const syncNodes of [Infinity, 3, 0]) expectSameBytes(sample, { syncNodes });
      for (const fragment of fragments(sample)) expectSameBytes(fragment);
    }
  });

  it('on the hostile notes', () => {
    for (const hostile of HOSTILE_CASES) {
      for (const syncNodes of [undefined, 3]) expectSameBytes({ name: hostile.name, enml: hostile.make(hostile.unit), resources: {} }, { syncNodes });
    }
  });

  it('on every XSS payload, in every place a note can carry it', () => {
    const wrappers: Array<(p: string) => string> = [
      (p) => enNote(p),
      (p) => enNote(`<p>${p}</p>`),
      (p) => enNote(`<a href="${p.replace(/"/g, '&quot;')}">x</a>`),
      (p) => enNote(`<img src="${p.replace(/"/g, '&quot;')}"/>`),
      (p) => enNote(`<span style="${p.replace(/"/g, '&quot;')}">x</span>`),
      (p) => p,
    ];
    const payloads = xssPayloads();
    expect(payloads.length).toBeGreaterThan(50);
    for (const payload of payloads) for (const wrap of wrappers) expectSameBytes({ name: payload, enml: wrap(payload), resources: {} });
  });

  it.skipIf(!corpusPath('xss'))(corpusSuiteTitle('the XSS corpus is really among those payloads', 'xss'), () => {
    // A corpus folder that is there but unread would leave the test above with our own payloads only.
    expect(corpusXssPayloads().length).toBeGreaterThan(1000);
  });

  it.skipIf(!corpusPath('enex'))(corpusSuiteTitle('on every ENEX corpus note, whole and in fragments', 'enex'), () => {
    expect(corpus.length).toBeGreaterThan(50);
    for (const sample of corpus) {
      expectSameBytes(sample);
      expectSameBytes(sample, { syncNodes: 3 });
      for (const fragment of fragments(sample)) expectSameBytes(fragment);
    }
  });
});
