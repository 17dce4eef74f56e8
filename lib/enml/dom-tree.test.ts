import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { DomHandler, type AnyNode } from 'domhandler';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { readEnex } from '@/lib/enex/read-enex';
import { HOSTILE_CASES } from '@/test/hostile-enml';
import { repoRoot } from '@/test/paths';
import { renderToHtml } from '@/test/render-html';
import { xssPayloads } from '@/test/xss-payloads';
import { DomTreeBuilder, type DomDocument, type DomNode } from './dom-tree';

/** The parser options parse-enml.ts uses. */
const OPTIONS = { lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true, decodeEntities: true };

type AnyTreeNode = AnyNode | DomNode | DomDocument;

/**
 * The tree as a flat list (type, name, attributes, data; `)` closes a child list), walked without
 * recursion (hostile notes nest thousands deep), checking on the way that parent and sibling links
 * agree with the child lists.
 */
function shapeOf(root: AnyTreeNode): string[] {
  const out: string[] = [];
  const stack: Array<AnyTreeNode | ')'> = [root];
  while (stack.length > 0) {
    const node = stack.pop() as AnyTreeNode | ')';
    if (node === ')') {
      out.push(')');
      continue;
    }
    out.push(JSON.stringify([node.type, 'name' in node ? node.name : null, 'attribs' in node ? node.attribs : null, 'data' in node ? node.data : null]));
    if (!('children' in node)) continue;
    const children = node.children as AnyTreeNode[];
    // Plain comparisons: an expect() per node made the suite take seconds.
    const isLinked = children.every((child, i) => child.parent === node && 'prev' in child && (child.prev ?? null) === (children[i - 1] ?? null) && (child.next ?? null) === (children[i + 1] ?? null));
    if (!isLinked) throw new Error(`the links of the children of a ${node.type} node disagree with its child list`);
    out.push('(');
    stack.push(')');
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i] as AnyTreeNode);
  }
  return out;
}

/** Feeds `markup` in pieces, as parse-enml.ts does (text split across pieces must merge alike). */
function parse<T extends Partial<ConstructorParameters<typeof Parser>[0]>>(handler: T, markup: string, piece: number): T {
  const parser = new Parser(handler, OPTIONS);
  for (let at = 0; at < markup.length; at += piece) parser.write(markup.slice(at, at + piece));
  parser.end();
  return handler;
}

async function demoEnml(): Promise<string[]> {
  const out: string[] = [];
  for (const file of ['en.enex', 'zh-CN.enex']) {
    for await (const entry of readEnex(createReadStream(join(repoRoot, 'demo', 'enex', file)))) if (entry.ok) out.push(entry.note.enml);
  }
  return out;
}

const EDGE_CASES = [
  '',
  'plain text, no markup',
  '<?xml version="1.0"?><!DOCTYPE en-note SYSTEM "x"><en-note>a<!-- c -->b<![CDATA[ <x> ]]>c</en-note>',
  '<en-note><svg><![CDATA[inside foreign content]]></svg><p>a &amp; b &lt; c &#x1F600; &nosuch;</p></en-note>',
  '<en-note><script>if (a < b) x()</script><style>p{}</style><textarea><b>not a tag</b></textarea></en-note>',
  '<en-note><p>unclosed <b>bold <i>both</p></b> stray</i></div></en-note>',
  '<en-note><br><br/><img src=x onerror=alert(1)><en-todo checked="true"/>label</en-note>',
  '<en-note><div><div><div>' + '<span>deep</span>'.repeat(50) + '</en-note>',
  '<a'.repeat(200),
  '<en-crypt hint="a>b">cipher</en-crypt><en-crypt>unclosed',
  // Names that are Object.prototype's own: attributes and tags, nested.
  '<en-note><div __proto__="x" constructor="y" hasownproperty="z" tostring="w" prototype="v">a</div><__proto__ __proto__="1"><constructor>c</constructor></__proto__></en-note>',
];

describe('DomTreeBuilder', () => {
  it('builds the tree domhandler builds (edge cases, hostile notes, XSS payloads, demo notes; whole and in pieces)', async () => {
    const inputs = [
      ...EDGE_CASES,
      ...HOSTILE_CASES.map((hostile) => hostile.make(Math.min(hostile.unit, 200))),
      ...xssPayloads().map((payload) => `<en-note><div>${payload}</div></en-note>`),
      ...(await demoEnml()),
    ];
    expect(inputs.length).toBeGreaterThan(EDGE_CASES.length + HOSTILE_CASES.length);
    for (const [i, markup] of inputs.entries()) {
      // Tiny pieces (text and tags split across writes) for every fifth input: enough to cover the seams.
      for (const piece of i % 5 === 0 ? [8192, 7] : [8192]) {
        const ours = parse(new DomTreeBuilder(), markup, piece);
        const theirs = parse(new DomHandler(), markup, piece);
        expect(shapeOf(ours.root).join('\n'), markup.slice(0, 80)).toBe(shapeOf(theirs.root).join('\n'));
      }
    }
  });

  it('leaves Object.prototype alone whatever a note names its tags and attributes, and renders none of those names', () => {
    const markup = EDGE_CASES[EDGE_CASES.length - 1] as string;
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const builder = parse(new DomTreeBuilder(), markup, 3);
    const html = renderToHtml(markup);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(({}).constructor).toBe(Object);
    expect(builder.nodes).toBeGreaterThan(3);
    expect(html).toContain('a');
    // Unknown tags show as escaped text; no element carries any of those attributes.
    expect(html).not.toMatch(/<[a-z_][^>]*\s(?:__proto__|constructor|prototype|tostring|hasownproperty)=/i);
    expect(html).not.toMatch(/<(?:__proto__|constructor)\b/i);
  });

  it('counts the nodes it adds', () => {
    const builder = parse(new DomTreeBuilder(), '<en-note><p>a<b>b</b>c</p><!-- x --></en-note>', 8192);
    // en-note, p, "a", b, "b", "c", the comment
    expect(builder.nodes).toBe(7);
  });
});
