import type { ReactNode } from 'react';
import type { CodeBlockNode, ElementNode, EnmlNode, MediaNode } from './types';
import type { EnmlLabels } from './labels';
import { fileTypeLabel, formatBytes } from './format';
import { codeSpans, highlightCodeBlocks, VOID_TAGS, type HighlightedCode } from './highlight';
import { childrenHtml, HtmlMarkup } from './html-markup';
import { reactMarkup, type Child, type Markup } from './markup';
import { PAUSE_NODES, PauseCounter, runSteps, type Steps } from './steps';

/** What the page knows about a resource referenced by `<en-media hash>`. */
export interface ResolvedResource {
  url: string;
  mime: string;
  size: number;
  fileName: string;
  width: number | null;
  height: number | null;
  /** True only for raster images whose bytes were verified; everything else is an attachment. */
  isImage: boolean;
  /** Responsive candidates (image processing configured), with the `sizes` they were made for. */
  srcSet?: string | null;
  sizes?: string | null;
}

export interface RenderOptions {
  resolveResource: (hash: string) => ResolvedResource | null;
  labels: EnmlLabels;
  /**
   * The code blocks' highlighted content (highlightCodeBlocks over the same nodes), when it was
   * computed beforehand in slices; otherwise the renderer highlights them itself.
   */
  highlighted?: HighlightedCode;
  /** Elements with more nodes below them render their children in steps (SYNC_NODES; tests set it). */
  syncNodes?: number;
}

/** Elements with more nodes than this below them render their children in steps first. */
const SYNC_NODES = 512;

const LINK_REL = 'nofollow ugc noopener noreferrer';

interface RenderState<N> {
  markup: Markup<N>;
  options: RenderOptions;
  images: number;
  /** Links cannot nest in HTML: inside a link, inner links and link-like cards render as spans. */
  inLink: boolean;
  /** Inside an element that only allows phrasing content (p, span, b, …): blocks must become spans. */
  inPhrasing: boolean;
  /** Every code block's content, highlighted within one budget for the note (highlight.ts). */
  highlighted: HighlightedCode;
  /** Children of large elements and long text, rendered ahead in steps (renderNodeSteps). */
  rendered: Map<EnmlNode, Child<N>>;
}

/** Elements whose content model is phrasing only. */
const PHRASING_ONLY = new Set(['p', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'small', 'sub', 'sup', 'code', 'abbr', 'cite', 'q', 'dfn', 'kbd', 'samp', 'var', 'bdo', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre']);
/**
 * Flow content inside phrasing-only parents (real notes keep an `<ol>` or a `<div>` inside a
 * `<span>`): the HTML parser would restructure it and validators reject it, so every flow-only tag
 * the sanitiser keeps becomes a span there, displayed as it would be (styles/globals.css) and with
 * the ARIA role that keeps what it meant. Column settings (`col`, `colgroup`) are dropped.
 */
const SPANNED: ReadonlyMap<string, { className: string; role?: string }> = new Map([
  ['div', { className: 'block' }], ['p', { className: 'block' }], ['pre', { className: 'block pre' }],
  ['blockquote', { className: 'block quote' }], ['hr', { className: 'block rule', role: 'separator' }],
  ['ul', { className: 'block list', role: 'list' }], ['ol', { className: 'block list', role: 'list' }],
  ['li', { className: 'block item', role: 'listitem' }], ['dl', { className: 'block' }],
  ['dt', { className: 'block', role: 'term' }], ['dd', { className: 'block dd', role: 'definition' }],
  ['table', { className: 'table', role: 'table' }], ['caption', { className: 'caption', role: 'caption' }],
  ['thead', { className: 'rowgroup', role: 'rowgroup' }], ['tbody', { className: 'rowgroup', role: 'rowgroup' }],
  ['tfoot', { className: 'rowgroup', role: 'rowgroup' }], ['tr', { className: 'row', role: 'row' }],
  ['td', { className: 'cell', role: 'cell' }], ['th', { className: 'cell th', role: 'columnheader' }],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((tag): [string, { className: string; role: string }] => [tag, { className: `block heading ${tag}`, role: 'heading' }]),
]);
/** Global attributes a spanned element keeps (list numbering, cell spans and the like mean nothing on a span). */
const SPAN_PROPS = ['key', 'id', 'title', 'lang', 'dir', 'style'];

/**
 * Maps the sanitised ENML tree to React elements. Pure: all URLs come from `resolveResource`, all
 * text goes through React's escaping, and only tags the parser allow-listed are emitted.
 */
export function renderEnml(nodes: readonly EnmlNode[], options: RenderOptions): ReactNode[] {
  return runSteps(renderEnmlSteps(reactMarkup, nodes, { ...options, highlighted: options.highlighted ?? runSteps(highlightCodeBlocks(nodes)) }));
}

/** HTML of a rendered note body, and what React would hoist ahead of it (image preloads). */
export interface BodyHtml {
  hoisted: string;
  html: string;
}

/**
 * The same elements as renderEnml, written straight to HTML (html-markup.ts): the bytes
 * react-dom/server's renderToString writes for renderEnml's elements as siblings. As steps, for a
 * long note: pauses between top-level nodes, inside large elements and inside long text.
 */
export function* renderEnmlHtmlSteps(nodes: readonly EnmlNode[], options: RenderOptions & { highlighted: HighlightedCode }): Steps<BodyHtml> {
  const markup = new HtmlMarkup();
  const children = yield* renderEnmlSteps(markup, nodes, options);
  return { hoisted: markup.hoisted(), html: childrenHtml(children) };
}

/** renderEnmlHtmlSteps in one call. */
export function renderEnmlHtml(nodes: readonly EnmlNode[], options: RenderOptions): BodyHtml {
  return runSteps(renderEnmlHtmlSteps(nodes, { ...options, highlighted: options.highlighted ?? runSteps(highlightCodeBlocks(nodes)) }));
}

/**
 * Text longer than this is written ahead in pieces of this many characters by a markup that
 * escapes text itself (escaping is per character, so the pieces add up to the whole).
 */
export const TEXT_PIECE_CHARS = 16_384;

/**
 * The renderer as steps (steps.ts) into `markup`: pauses between top-level nodes, each rendered in
 * one call (plain recursion; generators ran it several times slower). `options.highlighted` is
 * required here.
 */
export function* renderEnmlSteps<N>(markup: Markup<N>, nodes: readonly EnmlNode[], options: RenderOptions & { highlighted: HighlightedCode }): Steps<Array<Child<N>>> {
  const state: RenderState<N> = { markup, options, images: 0, inLink: false, inPhrasing: false, highlighted: options.highlighted, rendered: new Map() };
  const sizes = subtreeSizes(nodes);
  const syncNodes = options.syncNodes ?? SYNC_NODES;
  const pause = new PauseCounter(PAUSE_NODES);
  /**
   * A large element's children are rendered first, in steps, with the state its own rendering
   * would give them (inside phrasing content, inside a link), then the element itself, which finds
   * them in `state.rendered`. Nothing an element does before its children touches the rest of the
   * state (images are void), so the order of everything else stays that of one recursive pass.
   * Long text (a text node, a code block's) is escaped ahead the same way when the markup escapes.
   */
  function* renderNodeSteps(node: EnmlNode, key: number): Steps<Child<N>> {
    if (markup.textSteps && node.kind === 'text') return yield* markup.textSteps(node.text, TEXT_PIECE_CHARS);
    if (markup.textSteps && node.kind === 'code-block') {
      // Highlighted code is thousands of spans: written a batch at a time, long plain text in pieces.
      const content: Array<Child<N>> = [];
      for (const part of state.highlighted.get(node) ?? [node.text]) {
        if (pause.add(typeof part === 'string' ? ownWeight({ kind: 'text', text: part }) : 1)) yield;
        content.push(typeof part === 'string' && part.length > TEXT_PIECE_CHARS ? yield* markup.textSteps(part, TEXT_PIECE_CHARS) : codeSpans(markup, [part]));
      }
      return renderCodeBlock(node, key, state, content);
    }
    const isLarge = node.kind === 'todo-item' || (node.kind === 'element' && !VOID_TAGS.has(node.tag) && !(state.inPhrasing && (node.tag === 'col' || node.tag === 'colgroup')));
    if (isLarge && (node.kind === 'element' || node.kind === 'todo-item')) {
      const { inPhrasing, inLink } = state;
      const children = node.kind === 'element' && node.tag === 'table' ? withTbody(node.children) : node.children;
      if (node.kind === 'element') {
        state.inPhrasing = inPhrasing || PHRASING_ONLY.has(node.tag);
        if (node.tag === 'a') state.inLink = true;
      }
      for (let index = 0; index < children.length; index += 1) {
        const child = children[index] as EnmlNode;
        state.rendered.set(child, yield* renderChildSteps(child, index));
      }
      state.inPhrasing = inPhrasing;
      state.inLink = inLink;
    }
    return renderNode(node, key, state);
  }
  /** Whether a node renders in steps of its own: a large element, or long text the markup escapes ahead. */
  const needsSteps = (node: EnmlNode): boolean => {
    if (markup.textSteps && (node.kind === 'text' || node.kind === 'code-block')) return node.text.length > TEXT_PIECE_CHARS;
    return (sizes.get(node) ?? 0) > syncNodes && (node.kind === 'element' || node.kind === 'todo-item');
  };
  /** A pause point now and then, and the node rendered: in steps when it needs them, else in one call (generators cost more than the rendering of most nodes). */
  function* renderChildSteps(node: EnmlNode, key: number): Steps<Child<N>> {
    if (pause.add(Math.min(sizes.get(node) ?? 1, syncNodes))) yield;
    return needsSteps(node) ? yield* renderNodeSteps(node, key) : renderNode(node, key, state);
  }
  const out: Array<Child<N>> = [];
  for (let index = 0; index < nodes.length; index += 1) {
    const node = nodes[index] as EnmlNode;
    if (pause.add(Math.min(sizes.get(node) ?? 1, syncNodes))) yield;
    out.push(needsSteps(node) ? yield* renderNodeSteps(node, index) : renderNode(node, index, state));
  }
  return out;
}

/** Characters of text that weigh as much as one node: escaping text that is all `<` costs ~0.3 µs a character. */
const CHARS_PER_NODE = 128;

/** A node's own weight, children apart: one, and one more per CHARS_PER_NODE characters of text. */
function ownWeight(node: EnmlNode): number {
  return node.kind === 'text' || node.kind === 'code-block' ? 1 + Math.floor(node.text.length / CHARS_PER_NODE) : 1;
}

/**
 * Each node's weight with its subtree (ownWeight summed), in one pass; nodes of weight 1 are left
 * out. Plain recursion: the parser flattens nesting past 64 levels.
 */
function subtreeSizes(roots: readonly EnmlNode[]): Map<EnmlNode, number> {
  const sizes = new Map<EnmlNode, number>();
  const weigh = (node: EnmlNode): number => {
    let weight = ownWeight(node);
    if (node.kind === 'element' || node.kind === 'todo-item') for (const child of node.children) weight += weigh(child);
    if (weight > 1) sizes.set(node, weight);
    return weight;
  };
  for (const root of roots) weigh(root);
  return sizes;
}

function renderNodes<N>(nodes: readonly EnmlNode[], state: RenderState<N>): Array<Child<N>> {
  return nodes.map((node, index) => (state.rendered.has(node) ? state.rendered.get(node) : renderNode(node, index, state)));
}

function renderNode<N>(node: EnmlNode, key: number, state: RenderState<N>): Child<N> {
  const h = state.markup.element;
  const { labels } = state.options;
  switch (node.kind) {
    case 'text':
      return node.text;
    case 'element':
      return renderElement(node, key, state);
    case 'todo':
      return checkbox(h, node.checked, node.label || labels.todo, key, state.inLink);
    case 'todo-item':
      return h(state.inPhrasing ? 'span' : 'li', { key, className: state.inPhrasing ? 'todo-item block item' : 'todo-item', ...(state.inPhrasing ? { role: 'listitem' } : {}) }, checkbox(h, node.checked, node.label || labels.todo, 'box', state.inLink), renderNodes(node.children, state));
    case 'media':
      return renderMedia(node, key, state);
    case 'crypt':
      return h('span', { key, className: 'encrypted', role: 'note' },
        `🔒 ${labels.encrypted}`, node.hint ? ` · ${labels.hint}: ${node.hint}` : null);
    case 'code-block':
      return renderCodeBlock(node, key, state);
    case 'external-image':
      return h(state.inLink ? 'span' : 'a', { key, className: 'external-image', ...(state.inLink ? {} : { href: node.href, rel: LINK_REL }) },
        `🖼 ${labels.externalImage}${node.alt ? `: ${node.alt}` : ''}`);
    default:
      return null;
  }
}

/** A disabled checkbox; inside a link (where no form control may be) the box drawn as text, with its name. */
function checkbox<N>(h: Markup<N>['element'], checked: boolean, label: string, key: string | number, inLink: boolean): N {
  if (inLink) return h('span', { key, className: 'todo', role: 'img', 'aria-label': label }, checked ? '☑' : '☐');
  return h('input', { key, type: 'checkbox', className: 'todo', disabled: true, defaultChecked: checked, 'aria-label': label });
}

function renderElement<N>(node: ElementNode, key: number, state: RenderState<N>): Child<N> {
  const props: Record<string, unknown> = { key, ...node.attrs };
  if (node.style) props.style = node.style;
  const outer = state.inPhrasing;
  if (outer) {
    const spanned = SPANNED.get(node.tag);
    if (spanned) return renderSpanned(node, props, spanned, state);
    if (node.tag === 'col' || node.tag === 'colgroup') return null;
  }
  state.inPhrasing = outer || PHRASING_ONLY.has(node.tag);
  try {
    return renderTag(node, props, key, state);
  } finally {
    state.inPhrasing = outer;
  }
}

function renderSpanned<N>(node: ElementNode, props: Record<string, unknown>, spanned: { className: string; role?: string }, state: RenderState<N>): Child<N> {
  const h = state.markup.element;
  const spanProps: Record<string, unknown> = { className: spanned.className };
  for (const name of SPAN_PROPS) if (props[name] !== undefined) spanProps[name] = props[name];
  if (spanned.role) spanProps.role = spanned.role;
  if (spanned.role === 'heading') spanProps['aria-level'] = Number(node.tag.slice(1));
  if (VOID_TAGS.has(node.tag)) return h('span', spanProps);
  const children = node.tag === 'table' ? withTbody(node.children) : node.children;
  return h('span', spanProps, ...renderNodes(children, state));
}

function renderTag<N>(node: ElementNode, props: Record<string, unknown>, key: number, state: RenderState<N>): Child<N> {
  const h = state.markup.element;
  if (node.tag === 'a') {
    if (state.inLink) return h('span', { key }, ...renderNodes(node.children, state));
    props.rel = LINK_REL;
    state.inLink = true;
    const link = h('a', props, ...renderNodes(node.children, state));
    state.inLink = false;
    return link;
  }
  if (node.tag === 'img') {
    state.images += 1;
    props.loading = state.images === 1 ? 'eager' : 'lazy';
    if (state.images === 1) props.fetchPriority = 'high';
    props.decoding = 'async';
  }
  if (VOID_TAGS.has(node.tag)) return h(node.tag, props);
  // Blocks that scroll sideways must be reachable by keyboard to be scrolled (WCAG 2.1.1); inside a
  // link, which is focusable itself, no descendant may be (HTML's content model for <a>).
  if (node.tag === 'pre' && !state.inLink) props.tabIndex = 0;
  if (node.tag !== 'table') return h(node.tag, props, ...renderNodes(node.children, state));
  const table = h('table', props, ...renderNodes(withTbody(node.children), state));
  return h('div', { key, className: 'table-wrap', ...(state.inLink ? {} : { tabIndex: 0 }) }, table);
}

/** withTbody's answer per list of children: a large table's rows are rendered ahead under the same `<tbody>` nodes. */
const tbodies = new WeakMap<readonly EnmlNode[], EnmlNode[]>();

/** Rows directly inside `<table>` get the `<tbody>` the HTML parser would insert anyway. */
function withTbody(children: readonly EnmlNode[]): EnmlNode[] {
  const known = tbodies.get(children);
  if (known) return known;
  const out: EnmlNode[] = [];
  let implied: ElementNode | null = null;
  for (const child of children) {
    if (child.kind === 'element' && child.tag === 'tr') {
      if (!implied) {
        implied = { kind: 'element', tag: 'tbody', attrs: {}, style: null, children: [] };
        out.push(implied);
      }
      implied.children.push(child);
    } else {
      implied = null;
      out.push(child);
    }
  }
  tbodies.set(children, out);
  return out;
}

function renderCodeBlock<N>(node: CodeBlockNode, key: number, state: RenderState<N>, content = codeSpans(state.markup, state.highlighted.get(node) ?? [node.text])): Child<N> {
  const h = state.markup.element;
  const { inPhrasing } = state;
  const className = node.language ? `language-${node.language}` : undefined;
  // <pre> is not allowed in phrasing content; a block-displayed span keeps the look.
  return h(inPhrasing ? 'span' : 'pre', { key, className: inPhrasing ? 'code-block block' : 'code-block', ...(state.inLink ? {} : { tabIndex: 0 }) }, h('code', { className }, ...content));
}

/** Display size: the note's width/height when given (keeping the aspect ratio), else the intrinsic size. */
function displaySize(node: MediaNode, resource: ResolvedResource): { width?: number; height?: number } {
  const { width: iw, height: ih } = resource;
  if (node.width && node.height) return { width: node.width, height: node.height };
  if (node.width && iw && ih) return { width: node.width, height: Math.round((node.width * ih) / iw) };
  if (node.height && iw && ih) return { width: Math.round((node.height * iw) / ih), height: node.height };
  return iw && ih ? { width: iw, height: ih } : {};
}

function renderMedia<N>(node: MediaNode, key: number, state: RenderState<N>): Child<N> {
  const h = state.markup.element;
  const { labels, resolveResource } = state.options;
  const resource = node.hash ? resolveResource(node.hash) : null;
  if (!resource) return h('span', { key, className: 'missing-media' }, labels.missingMedia);
  if (resource.isImage) {
    state.images += 1;
    return h('img', {
      key,
      src: resource.url,
      ...(resource.srcSet ? { srcSet: resource.srcSet, sizes: resource.sizes ?? undefined } : {}),
      alt: node.alt || resource.fileName,
      ...displaySize(node, resource),
      loading: state.images === 1 ? 'eager' : 'lazy',
      // The first image is usually the largest paint: fetch it before the stylesheet-discovered rest.
      ...(state.images === 1 ? { fetchPriority: 'high' } : {}),
      decoding: 'async',
    });
  }
  const card = state.inLink ? { className: 'attachment' } : { className: 'attachment', href: resource.url, download: resource.fileName };
  return h(state.inLink ? 'span' : 'a', { key, ...card },
    h('span', { className: 'attachment-icon', 'aria-hidden': true }, '📎'),
    h('span', { className: 'attachment-name' }, resource.fileName),
    h('span', { className: 'attachment-meta' }, `${labels.attachment} · ${fileTypeLabel(resource.mime, resource.fileName)} · ${formatBytes(resource.size)}`));
}
