import { Parser } from 'htmlparser2';
import { withoutForbiddenChars } from '../notes/text-limits';
import { langAttr } from './attributes';
import { fitChildren } from './content-models';
import { collapseSpace, domText, findElement, OPAQUE_ELEMENTS } from './dom-text';
import { DomTreeBuilder, isTag, isText, type DomDocument, type DomNode } from './dom-tree';
import { HANDLERS, drop, prepareWalk, unwrap, walksChildren, type Walk } from './element-handlers';
import { blankCipherTextSteps, exceedsDepthSteps, markupToPlainTextSteps } from './nesting-guard';
import { cutMarkupSteps } from './cut-markup';
import { PAUSE_NODES, PauseCounter, runSteps, type Steps } from './steps';
import type { EnmlNode, ParsedEnml } from './types';

/**
 * Deeper nesting than this is flattened to text. Real notes rarely exceed 30 levels; hostile ones
 * nest tens of thousands deep to overflow recursive renderers (ours and React's).
 */
const MAX_DEPTH = 64;

/** Whitespace-only text is meaningless (and invalid) directly inside these. */
const NO_TEXT_PARENTS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'colgroup', 'ul', 'ol', 'dl']);

/**
 * Parses untrusted ENML into the sanitised tree. Uses a tolerant HTML tokenizer (ENML in the wild
 * has unclosed `<br>`, stray end tags and HTML named entities that a strict XML parser rejects);
 * only elements with a handler survive, everything else is unwrapped or dropped with its content.
 */
const PARSER_OPTIONS = { lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true, decodeEntities: true };
/** Markup is fed to the parser in pieces of this size, so a node budget can stop it early. */
const PARSE_PIECE_CHARS = 8192;

/**
 * The document tree of `markup`, stopping (within one piece) once it holds more than `maxNodes`
 * nodes: the tree's memory and every later step grow with its node count (a million `<br/>`
 * fit in 5 MB of markup and took ~0.5 GB as a tree).
 */
function* parseBounded(markup: string, maxNodes: number): Steps<{ document: DomDocument; isCut: boolean }> {
  const handler = new DomTreeBuilder();
  const parser = new Parser(handler, PARSER_OPTIONS);
  for (let at = 0; at < markup.length; at += PARSE_PIECE_CHARS) {
    if (at > 0) yield;
    parser.write(markup.slice(at, at + PARSE_PIECE_CHARS));
    if (handler.nodes > maxNodes && at + PARSE_PIECE_CHARS < markup.length) {
      parser.end();
      return { document: handler.root, isCut: true };
    }
  }
  parser.end();
  return { document: handler.root, isCut: false };
}

export interface ParseLimits {
  /** Markup characters parsed at most (the rest is cut between tags). */
  maxChars?: number;
  /** Parsed nodes at most (the parser stops shortly after). */
  maxNodes?: number;
  /** Elements with more nodes below them convert in steps (SYNC_NODES; tests set it to exercise both ways). */
  syncNodes?: number;
}

export function parseEnml(enml: string, limits: ParseLimits = {}): ParsedEnml {
  return runSteps(parseEnmlSteps(enml, limits));
}


/** parseEnml as steps (steps.ts): every pass over the markup and the tree pauses now and then. */
export function* parseEnmlSteps(enml: string, limits: ParseLimits = {}): Steps<ParsedEnml> {
  // Cipher text goes first, from the whole note: a cut inside an encrypted block must not reveal its start.
  const blanked = yield* blankCipherTextSteps(enml);
  const { markup, isCut: isCharCut } = yield* cutMarkupSteps(blanked, limits.maxChars ?? Infinity);
  if (yield* exceedsDepthSteps(markup)) {
    const text = yield* markupToPlainTextSteps(markup);
    return { lang: null, isCut: isCharCut, nodes: text === '' ? [] : [{ kind: 'element', tag: 'p', attrs: {}, style: null, children: [{ kind: 'text', text }] }] };
  }
  const { document, isCut: isNodeCut } = yield* parseBounded(markup, limits.maxNodes ?? Infinity);
  const isCut = isCharCut || isNodeCut;
  const root = findElement(document, 'en-note');
  const lang = root ? langAttr(root.attribs.lang ?? root.attribs['xml:lang']) : null;
  const walkAt = (depth: number): Walk => (nodes) => {
    const out: EnmlNode[] = [];
    for (const node of nodes) out.push(...convert(node, depth));
    return out;
  };

  const convert = (node: DomNode, depth: number): EnmlNode[] => {
    if (isText(node)) {
      const parent = node.parent && isTag(node.parent) ? node.parent.name : null;
      if (parent && NO_TEXT_PARENTS.has(parent) && node.data.trim() === '') return [];
      const text = withoutForbiddenChars(node.data);
      return text === '' ? [] : [{ kind: 'text', text }];
    }
    if (!isTag(node)) return [];
    if (OPAQUE_ELEMENTS.has(node.name) && node.name !== 'en-crypt') return drop(node, walkAt(depth));
    if (depth >= MAX_DEPTH) {
      const text = collapseSpace(domText(node));
      return text === '' ? [] : [{ kind: 'text', text: `${text} ` }];
    }
    const handler = HANDLERS.get(node.name) ?? unwrap;
    return handler(node, walkAt(depth + 1));
  };

  const start = root ? root.children : document.children.filter((n) => !isTag(n) || n.name !== 'en-note');
  // Small subtrees convert in one call (plain recursion runs several times faster than generators).
  // A large element (one table of 20,000 cells) has its children converted first, in steps, and
  // its handler then walks those results: the same nodes, since a child's conversion depends only
  // on the document and on what the handler does before it walks (prepareWalk).
  const sizes = subtreeSizes(start);
  const syncNodes = limits.syncNodes ?? SYNC_NODES;
  const pause = new PauseCounter(PAUSE_NODES);
  function* convertSteps(node: DomNode, depth: number): Steps<EnmlNode[]> {
    if (pause.add(Math.min(sizes.get(node) ?? 1, syncNodes))) yield;
    const isLarge = isTag(node) && (sizes.get(node) ?? 0) > syncNodes && depth < MAX_DEPTH && walksChildren(node)
      && !(OPAQUE_ELEMENTS.has(node.name) && node.name !== 'en-crypt');
    if (!isLarge) return convert(node, depth);
    prepareWalk(node);
    const converted = new Map<DomNode, EnmlNode[]>();
    for (const child of node.children) converted.set(child, yield* convertSteps(child, depth + 1));
    const handler = HANDLERS.get(node.name) ?? unwrap;
    return handler(node, (children) => children.flatMap((child) => converted.get(child) ?? convert(child, depth + 1)));
  }
  const nodes: EnmlNode[] = [];
  for (const node of start) nodes.push(...(yield* convertSteps(node, 0)));
  return { lang, isCut, nodes: fitChildren(null, nodes) };
}

/** Elements with more nodes than this below them are converted in steps. */
const SYNC_NODES = 512;

/** The number of nodes in each element's subtree (itself included), in one pass. */
function subtreeSizes(roots: readonly DomNode[]): Map<DomNode, number> {
  const sizes = new Map<DomNode, number>();
  const stack: Array<{ node: DomNode; isDone: boolean }> = roots.map((node) => ({ node, isDone: false }));
  while (stack.length > 0) {
    const entry = stack.pop() as { node: DomNode; isDone: boolean };
    if (!isTag(entry.node) || entry.node.children.length === 0) continue;
    if (entry.isDone) {
      let size = 1;
      for (const child of entry.node.children) size += sizes.get(child) ?? 1;
      sizes.set(entry.node, size);
    } else {
      stack.push({ node: entry.node, isDone: true });
      for (const child of entry.node.children) stack.push({ node: child, isDone: false });
    }
  }
  return sizes;
}
