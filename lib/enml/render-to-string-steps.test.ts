import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createElement, Fragment, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { listEnexFiles } from '@/lib/enex/list-enex-files';
import { readEnex } from '@/lib/enex/read-enex';
import { EnexRefusedError } from '@/lib/enex/types';
import { corpusPath, fixtureEnexDir, repoRoot } from '@/test/paths';
import { HOSTILE_CASES } from '@/test/hostile-enml';
import { loadHighlighter } from './highlight';
import { labelsFor } from './labels';
import { parseEnml } from './parse-enml';
import { renderEnml, type ResolvedResource } from './render-enml';
import { fitsOneChunk, renderToStringSteps } from './render-to-string-steps';
import type { EnmlNode } from './types';
import { runSteps } from './steps';

/** What renderToString writes for `children` as siblings (React hoists preloads to the front). */
const reference = (children: ReactNode): string => renderToString(createElement(Fragment, null, children));

function sliced(children: ReactNode, chunkWeight: number, textPieceChars = 3): string {
  const { hoisted, html } = runSteps(renderToStringSteps(children, chunkWeight, textPieceChars));
  return hoisted + html;
}

/** Chunk weights from "every node alone" (every element opened, every seam a seam) to the default. */
const CHUNK_WEIGHTS = [1, 2, 3, 7, 50, 1000];

const image = (key: string, extra: Record<string, unknown> = {}): ReactNode => createElement('img', { key, src: `/r/x/${key}`, alt: '', width: 10, height: 10, decoding: 'async', ...extra });

const TREES: Array<[string, ReactNode[]]> = [
  ['nothing', []],
  ['one text', ['a']],
  ['adjacent texts', ['a', 'b', 'c']],
  ['texts around null, false and empty text', ['a', null, false, '', 'b', undefined, true, 'c']],
  ['numbers are text', ['a', 1, 2, createElement('b', { key: 'b' }, 3, 'x')]],
  ['nested arrays', [['a', ['b']], createElement('i', { key: 'i' }, ['c', ['d', 'e']]), 'f']],
  ['text that needs escaping', ['<script>&"\'', createElement('a', { key: 'a', href: '/?a=1&b="2"', title: '<>' }, '<&>')]],
  ['elements between texts', ['a', createElement('br', { key: 'br' }), 'b', createElement('span', { key: 's' }), 'c']],
  ['deep nesting with text runs', [createElement('div', { key: 'd' }, 'x', createElement('p', null, 'y', 'z', createElement('b', null, 'w', 'v')), 'u', 't')]],
  ['styles and booleans', [createElement('p', { key: 'p', style: { color: 'red', marginLeft: '2em' }, tabIndex: 0, className: 'c' }, 'a', 'b')]],
  ['checkboxes', [createElement('li', { key: 'l', className: 'todo-item' }, createElement('input', { type: 'checkbox', disabled: true, defaultChecked: true, 'aria-label': 'x' }), 'done', 'now')]],
  ['a table', [createElement('div', { key: 't', className: 'table-wrap', tabIndex: 0 }, createElement('table', null, createElement('tbody', null, createElement('tr', null, createElement('td', null, 'a', 'b'), createElement('td', null, 'c')))))]],
  ['the first image is preloaded', ['a', createElement('p', { key: 'p' }, 'b', image('1', { loading: 'eager', fetchPriority: 'high' })), image('2', { loading: 'lazy' }), 'c']],
  ['a preloaded image deep in a heavy element', [createElement('div', { key: 'd' }, ...Array.from({ length: 20 }, (_, i) => createElement('p', { key: i }, 'x', i === 10 ? image('1', { loading: 'eager', fetchPriority: 'high' }) : 'y')))]],
  ['long text', ['a'.repeat(5000), 'b'.repeat(3000), createElement('pre', { key: 'p' }, createElement('code', null, '\nline\n', 'x'.repeat(4000)))]],
  ['long text cut between pieces: escapes, surrogate pairs', ['<&>"\'😀中'.repeat(100), '😀'.repeat(50), createElement('p', { key: 'p' }, 'a', '&<'.repeat(20), 'b')]],
];

describe('renderToStringSteps writes what renderToString writes', () => {
  it.each(TREES)('%s', (_, children) => {
    for (const weight of CHUNK_WEIGHTS) expect(sliced(children, weight)).toBe(reference(children));
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
          resources[r.hash] = { url: `/r/x/${r.hash}`, mime: r.mime, size: r.data.length, fileName: r.fileName ?? 'file', width: 100 + i, height: 50, isImage: r.mime.startsWith('image/') };
        });
        out.push({ name: `${file}: ${entry.note.title}`, enml: entry.note.enml, resources });
      }
    } catch (error) {
      if (!(error instanceof EnexRefusedError)) throw error;
    }
  }
  return out;
}

describe('on notes: demo, fixtures, hostile notes and the corpus (when present)', () => {
  let samples: Sample[] = [];
  beforeAll(async () => {
    await loadHighlighter();
    const corpus = corpusPath('enex');
    samples = [
      ...(await enexSamples(join(repoRoot, 'demo', 'enex'))),
      ...(await enexSamples(fixtureEnexDir)),
      ...HOSTILE_CASES.map((hostile) => ({ name: hostile.name, enml: hostile.make(hostile.unit), resources: {} })),
      // Items that are checklist items only because their list says so (the list marks itself before its items convert).
      { name: 'links, phrasing and tables around large content', enml: `<en-note><a href="https://example.com/">${'<div>x <a href="https://example.org/">y</a></div>'.repeat(4)}</a><span>${'<div><p>z</p><table><tr><td>c</td></tr></table></div>'.repeat(3)}</span><table>${'<tr><td><img src="data:image/png;base64,iVBORw0KGgo="/></td></tr>'.repeat(4)}</table></en-note>`, resources: {} },
      { name: 'a checklist whose items carry no flag', enml: `<en-note><div><ul style="--en-todo:true">${'<li>a <b>b</b></li>'.repeat(5)}</ul></div></en-note>`, resources: {} },
      ...(await enexSamples(corpus)),
    ];
  });

  it('every note parses to the same tree whether its large elements convert in steps or in one call', () => {
    for (const sample of samples) {
      const inOneCall = parseEnml(sample.enml, { syncNodes: Infinity });
      expect(parseEnml(sample.enml, { syncNodes: 0 }), sample.name).toEqual(inOneCall);
      expect(parseEnml(sample.enml, { syncNodes: 3 }), sample.name).toEqual(inOneCall);
    }
  });

  it('every note body renders to the same bytes whether its large elements render in steps or in one call', () => {
    for (const sample of samples) {
      const parsed = parseEnml(sample.enml);
      const options = { resolveResource: (hash: string) => sample.resources[hash] ?? null, labels: labelsFor(parsed.lang ?? 'en') };
      const inOneCall = reference(renderEnml(parsed.nodes, { ...options, syncNodes: Infinity }));
      for (const syncNodes of [0, 3]) expect(reference(renderEnml(parsed.nodes, { ...options, syncNodes })), `${sample.name} (${syncNodes})`).toBe(inOneCall);
    }
  });

  it('every note body renders to the same bytes in slices', () => {
    expect(samples.length).toBeGreaterThan(HOSTILE_CASES.length);
    for (const sample of samples) {
      const parsed = parseEnml(sample.enml);
      const content = renderEnml(parsed.nodes, { resolveResource: (hash) => sample.resources[hash] ?? null, labels: labelsFor(parsed.lang ?? 'en') });
      const expected = reference(content);
      for (const weight of [1, 16, 1000]) expect(sliced(content, weight, 7), `${sample.name} (chunks of ${weight})`).toBe(expected);
      expect(sliced(content, 1000, 65_536), `${sample.name} (default pieces)`).toBe(expected);
    }
  });
});

describe('fitsOneChunk', () => {
  const text = (chars: number): EnmlNode => ({ kind: 'text', text: 'x'.repeat(chars) });
  const p = (...children: EnmlNode[]): EnmlNode => ({ kind: 'element', tag: 'p', attrs: {}, style: null, children });
  const cases: Array<[string, EnmlNode[], number, boolean]> = [
    ['an empty body', [], 0, true],
    ['a paragraph', [p(text(10))], 1000, true],
    ['the same paragraph with no weight to spare', [p(text(10))], 0, false],
    ['paragraphs up to the weight', Array.from({ length: 500 }, () => p(text(10))), 1000, true],
    ['paragraphs past the weight', Array.from({ length: 501 }, () => p(text(10))), 1000, false],
    ['1 MB of text in one node', [text(1 << 20)], 1000, false],
    ['text longer than one escaping piece', [text(65_537)], 1000, false],
    ['text of one escaping piece', [text(65_536)], 1000, true],
    ['deep nesting past the weight', [Array.from({ length: 1200 }).reduce<EnmlNode>((inner) => p(inner), text(1))], 1000, false],
    ['plain code', [{ kind: 'code-block', language: null, text: 'a = 1' }], 1000, true],
    ['code to highlight', [{ kind: 'code-block', language: 'javascript', text: 'a = 1' }], 1000, false],
    ['code to highlight deep inside', [p(p({ kind: 'code-block', language: 'ini', text: 'a = 1' }))], 1000, false],
  ];
  it.each(cases)('%s', (_name, nodes, weight, expected) => {
    expect(fitsOneChunk(nodes, weight)).toBe(expected);
  });
});
