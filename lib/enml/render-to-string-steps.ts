import { cloneElement, createElement, Fragment, isValidElement, type ReactElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import type { Steps } from './steps';
import type { EnmlNode } from './types';

/**
 * react-dom's renderToString of a list of children (a note body), as steps (steps.ts), with the
 * same bytes. renderToString itself cannot pause: a 2 MB note page took 150-300 ms in one call.
 * So the children are rendered in chunks of about CHUNK_WEIGHT, each by renderToString, and a
 * child too heavy for one chunk is opened up: its start and end tags come from renderToString of
 * the element with a marker for its children, and its children are rendered the same way. Two
 * things renderToString does across siblings are redone at the seams: a `<!-- -->` between two
 * adjacent text nodes, and resources React hoists to the front of the output (the first image's
 * preload), which are returned apart, as `hoisted`.
 */
export interface SlicedHtml {
  /** What React hoists ahead of the markup (image preloads). */
  hoisted: string;
  html: string;
}

/**
 * Weight of a chunk rendered in one call: one unit per element or text node, one more per KB of
 * text. ~1,000 units render in a few milliseconds; a single text node is never split (escaping
 * 2 MB of text takes ~10 ms).
 */
export const CHUNK_WEIGHT = 1000;

/**
 * Text longer than this is written in pieces of this many characters, each escaped alone: escaping
 * is per character, so the pieces add up to the whole (1.4 MB of `<` took ~80 ms in one call).
 */
export const TEXT_PIECE_CHARS = 65_536;

/** React elements a node renders to besides its children, in CHUNK_WEIGHT's units (a figure, its image, caption and link; a checkbox and its label). */
const NODE_WEIGHT: Record<EnmlNode['kind'], number> = { element: 1, text: 1, todo: 2, 'todo-item': 3, media: 6, crypt: 3, 'code-block': 3, 'external-image': 3 };

/**
 * Whether a note body is light enough to render with its page in one renderToString call: no code
 * to highlight (highlighting has its own steps), no text renderToStringSteps would escape in
 * pieces, and no heavier than one chunk, which it would render in one call anyway. Stops counting
 * past `chunkWeight`.
 */
export function fitsOneChunk(nodes: readonly EnmlNode[], chunkWeight = CHUNK_WEIGHT, textPieceChars = TEXT_PIECE_CHARS): boolean {
  let weight = 0;
  const stack: EnmlNode[] = [...nodes];
  while (stack.length > 0) {
    const node = stack.pop() as EnmlNode;
    weight += NODE_WEIGHT[node.kind];
    if (node.kind === 'text' || node.kind === 'code-block') {
      if (node.text.length > textPieceChars) return false;
      weight += node.text.length >> 10;
    }
    if (node.kind === 'code-block' && node.language) return false;
    if (weight > chunkWeight) return false;
    if (node.kind === 'element' || node.kind === 'todo-item') for (const child of node.children) stack.push(child);
  }
  return true;
}

/** Elements that are opened up when too heavy: the renderer's non-void tags, which React writes as plain start tag, children, end tag. */
const OPENABLE = new Set([
  'a', 'abbr', 'b', 'bdo', 'blockquote', 'caption', 'cite', 'code', 'colgroup', 'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'i', 'ins', 'kbd', 'li', 'ol', 'p', 'pre', 'q', 's', 'samp', 'small', 'span', 'strong',
  'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul', 'var',
]);

/** Written where the children go; an element, so it also ends any run of text before it. Never part of a note's markup. */
const MARK = '<template></template>';
const mark = (): ReactElement => createElement('template');

type Leaf = string | ReactElement;

/** The children as React renders them in order: nested arrays flattened, nothing for null, booleans and empty text. */
function leaves(children: ReactNode): Leaf[] {
  const out: Leaf[] = [];
  const stack: ReactNode[] = [children];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i -= 1) stack.push(node[i] as ReactNode);
    } else if (typeof node === 'string') {
      if (node !== '') out.push(node);
    } else if (typeof node === 'number' || typeof node === 'bigint') {
      out.push(String(node));
    } else if (isValidElement(node)) {
      out.push(node);
    }
  }
  return out;
}

const childrenOf = (element: ReactElement): ReactNode => (element.props as { children?: ReactNode }).children;

/** Weights of elements, each computed once (a heavy element's children are weighed again when it is opened up). */
class Weigher {
  private readonly weights = new WeakMap<object, number>();

  of(leaf: Leaf): number {
    if (typeof leaf === 'string') return 1 + (leaf.length >> 10);
    const known = this.weights.get(leaf);
    if (known !== undefined) return known;
    let weight = 1;
    if (typeof leaf.type === 'string') for (const child of leaves(childrenOf(leaf))) weight += this.of(child);
    this.weights.set(leaf, weight);
    return weight;
  }
}

/** renderToString of `nodes` as siblings, cut at the marker: what React hoisted, and the markup. */
function renderRun(nodes: readonly Leaf[]): SlicedHtml {
  const page = renderToString(createElement(Fragment, null, mark(), ...nodes));
  const at = page.indexOf(MARK);
  return { hoisted: page.slice(0, at), html: page.slice(at + MARK.length) };
}

/** Start and end tag of `element` as renderToString writes them around its children. */
function tagsOf(element: ReactElement): [string, string] | null {
  const shell = renderToString(cloneElement(element, undefined, mark()));
  const at = shell.indexOf(MARK);
  return at < 0 ? null : [shell.slice(0, at), shell.slice(at + MARK.length)];
}

/** `text` escaped as renderToString escapes a text node, in pieces. */
function* escapeSteps(text: string, pieceChars: number): Steps<string> {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += pieceChars) {
    if (at > 0) yield;
    out.push(renderToString(text.slice(at, at + pieceChars)));
  }
  return out.join('');
}

export function* renderToStringSteps(children: ReactNode, chunkWeight = CHUNK_WEIGHT, textPieceChars = TEXT_PIECE_CHARS): Steps<SlicedHtml> {
  const hoisted: string[] = [];
  const html: string[] = [];
  const weigh = new Weigher();
  /** Whether the last thing written was text (React separates adjacent text nodes with `<!-- -->`). */
  let isAfterText = false;
  let run: Leaf[] = [];
  let runWeight = 0;

  const flush = (): void => {
    if (run.length === 0) return;
    const out = renderRun(run);
    hoisted.push(out.hoisted);
    if (isAfterText && typeof run[0] === 'string') html.push('<!-- -->');
    html.push(out.html);
    isAfterText = typeof run[run.length - 1] === 'string';
    run = [];
    runWeight = 0;
  };

  function* visit(nodes: readonly Leaf[]): Steps<void> {
    for (const node of nodes) {
      const weight = weigh.of(node);
      if (runWeight + weight > chunkWeight && run.length > 0) {
        flush();
        yield;
      }
      if (typeof node === 'string' && node.length > textPieceChars) {
        flush();
        if (isAfterText) html.push('<!-- -->');
        html.push(yield* escapeSteps(node, textPieceChars));
        isAfterText = true;
        continue;
      }
      const tags = weight > chunkWeight && typeof node !== 'string' && typeof node.type === 'string' && OPENABLE.has(node.type) ? tagsOf(node) : null;
      if (!tags) {
        run.push(node);
        runWeight += weight;
        continue;
      }
      flush();
      html.push(tags[0]);
      isAfterText = false;
      yield* visit(leaves(childrenOf(node as ReactElement)));
      flush();
      html.push(tags[1]);
      isAfterText = false;
    }
  }

  yield* visit(leaves(children));
  flush();
  return { hoisted: hoisted.join(''), html: html.join('') };
}
