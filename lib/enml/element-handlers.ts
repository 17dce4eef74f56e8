import { isTag, type DomElement, type DomNode } from './dom-tree';
import { intAttr, styleOf, tagProps, textAttr } from './attributes';
import { collapseSpace, domText } from './dom-text';
import { safeLinkHref, classifyImageSource } from './safe-url';
import { hasEnFlag, parseDeclarations } from './safe-style';
import { fitChildren, fitDefinitionList, fitRow, fitRowGroup, fitTable } from './content-models';
import type { ElementNode, EnmlNode, SafeTag } from './types';

/** Walks the children of an element; provided by the parser so handlers stay non-recursive themselves. */
export type Walk = (nodes: readonly DomNode[]) => EnmlNode[];
export type Handler = (el: DomElement, walk: Walk) => EnmlNode[];

const LABEL_MAX = 200;

function element(tag: SafeTag, el: DomElement, walk: Walk, extraStyle: Array<[string, string]> = []): EnmlNode[] {
  return [{ kind: 'element', tag, attrs: tagProps(tag, el.attribs), style: styleOf(el.attribs, extraStyle), children: fitChildren(tag, walk(el.children)) }];
}

/** An element whose children must fit its content model (content-models.ts). */
const fitted = (tag: SafeTag, fit: (node: ElementNode) => EnmlNode[]): Handler => (el, walk) => {
  const [node] = element(tag, el, walk);
  return node?.kind === 'element' ? fit(node) : [];
};

/** Keeps the element as `tag` with its safe attributes and style. */
const keep = (tag: SafeTag): Handler => (el, walk) => element(tag, el, walk);

/** Drops the element but keeps what is inside (unknown or pointless wrappers). */
export const unwrap: Handler = (el, walk) => walk(el.children);

/** Drops the element and everything inside (scripts, styles, embedded documents, forms' option lists). */
export const drop: Handler = () => [];

/**
 * The accessible name of a checkbox: the text after it (up to the next checkbox or line break),
 * else the text of its nearest ancestors below `<en-note>` (checkboxes wrapped in `<b><i>`). Bounded work per checkbox: notes with thousands of
 * checkboxes must not cost quadratic time.
 */
function todoLabel(el: DomElement): string {
  const parts: string[] = [];
  let length = 0;
  for (let next = el.next; next && length < LABEL_MAX; next = next.next) {
    if (isTag(next) && (next.name === 'en-todo' || next.name === 'br')) break;
    const text = domText(next, false, LABEL_MAX);
    parts.push(text);
    length += text.length;
  }
  let label = collapseSpace(parts.join(''));
  let node = el.parent;
  for (let level = 0; label === '' && level < 3 && node && isTag(node) && node.name !== 'en-note'; level += 1, node = node.parent) {
    label = collapseSpace(domText(node, false, LABEL_MAX * 2));
  }
  return label.slice(0, LABEL_MAX);
}

const enTodo: Handler = (el, walk) => [
  { kind: 'todo', checked: el.attribs.checked?.trim().toLowerCase() === 'true', label: todoLabel(el) },
  ...walk(el.children),
];

const enCrypt: Handler = (el) => [{ kind: 'crypt', hint: textAttr(el.attribs.hint, LABEL_MAX) ?? '' }];

const MD5_HEX = /^[0-9a-f]{32}$/;
const MIME = /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/;

const enMedia: Handler = (el, walk) => {
  const hash = el.attribs.hash?.trim().toLowerCase() ?? '';
  const mime = el.attribs.type?.trim().toLowerCase() ?? '';
  return [
    {
      kind: 'media',
      hash: MD5_HEX.test(hash) ? hash : '',
      mime: MIME.test(mime) ? mime : 'application/octet-stream',
      width: intAttr(el.attribs.width, 1, 10000),
      height: intAttr(el.attribs.height, 1, 10000),
      alt: textAttr(el.attribs.alt, LABEL_MAX) ?? '',
    },
    ...walk(el.children),
  ];
};

const anchor: Handler = (el, walk) => {
  const href = el.attribs.href === undefined ? null : safeLinkHref(el.attribs.href);
  const children = walk(el.children);
  if (!href) return children;
  return [{ kind: 'element', tag: 'a', attrs: { ...tagProps('a', el.attribs), href }, style: styleOf(el.attribs), children }];
};

const image: Handler = (el) => {
  const alt = textAttr(el.attribs.alt, LABEL_MAX) ?? '';
  const source = el.attribs.src === undefined ? null : classifyImageSource(el.attribs.src);
  if (!source) return alt ? [{ kind: 'text', text: alt }] : [];
  if (source.kind === 'external') return [{ kind: 'external-image', href: source.href, alt }];
  const attrs: Record<string, string | number> = { src: source.src, alt };
  const width = intAttr(el.attribs.width, 1, 10000);
  const height = intAttr(el.attribs.height, 1, 10000);
  if (width !== null) attrs.width = width;
  if (height !== null) attrs.height = height;
  return [{ kind: 'element', tag: 'img', attrs, style: null, children: [] }];
};

const SYNTAX = /^[a-z0-9+#.-]{1,24}$/i;

/**
 * `text` without its leading and trailing line breaks. Not `/^\n+|\n+$/g`: that rescans every inner
 * run of line breaks to its end (`a`, 80,000 empty lines, `b` took 3.8 s).
 */
function trimLineBreaks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 10) start += 1;
  while (end > start && text.charCodeAt(end - 1) === 10) end -= 1;
  return text.slice(start, end);
}

/** `<div>` is either an Evernote code block (one child div per line) or a plain block. */
const div: Handler = (el, walk) => {
  const declarations = parseDeclarations(el.attribs.style ?? '');
  if (!hasEnFlag(declarations, 'codeblock')) return element('div', el, walk);
  const language = declarations.get('--en-syntaxLanguage') ?? declarations.get('--en-codeblockLanguage') ?? '';
  const text = trimLineBreaks(domText(el, true).replace(/\u00a0/g, ' '));
  return [{ kind: 'code-block', language: SYNTAX.test(language.trim()) ? language.trim().toLowerCase() : null, text }];
};

/** Lists styled `--en-todo:true` (Evernote 10 checklists); remembered so each item does not re-parse its parent's style. */
const checklists = new WeakSet<DomElement>();

/**
 * Lists may only hold items. Evernote 10 nests sub-lists directly in lists and legacy notes put
 * bare text or divs there; each such run of children is wrapped in an unmarked item.
 */
function itemsOnly(children: EnmlNode[]): EnmlNode[] {
  const out: EnmlNode[] = [];
  let loose: ElementNode | null = null;
  for (const child of children) {
    if (child.kind === 'todo-item' || (child.kind === 'element' && child.tag === 'li')) {
      loose = null;
      out.push(child);
    } else {
      if (!loose) {
        loose = { kind: 'element', tag: 'li', attrs: { className: 'list-continuation' }, style: null, children: [] };
        out.push(loose);
      }
      loose.children.push(child);
    }
  }
  return out;
}

const list = (tag: 'ul' | 'ol'): Handler => (el, walk) => {
  if (hasEnFlag(parseDeclarations(el.attribs.style ?? ''), 'todo')) checklists.add(el);
  const [node] = element(tag, el, walk);
  if (node?.kind !== 'element') return [];
  if (checklists.has(el)) node.attrs.className = 'checklist';
  node.children = itemsOnly(node.children);
  return [node];
};

const listItem: Handler = (el, walk) => {
  const declarations = parseDeclarations(el.attribs.style ?? '');
  const inChecklist = el.parent !== null && isTag(el.parent) && checklists.has(el.parent);
  if (!declarations.has('--en-checked') && !inChecklist) return element('li', el, walk);
  return [{
    kind: 'todo-item',
    checked: hasEnFlag(declarations, 'checked'),
    label: collapseSpace(domText(el, false, LABEL_MAX * 2)).slice(0, LABEL_MAX),
    children: walk(el.children),
  }];
};

/** Block content ends a `<p>` in the HTML parser; a paragraph holding blocks is emitted as a `<div>`. */
const BLOCK_TAGS = new Set(['div', 'p', 'table', 'ul', 'ol', 'dl', 'pre', 'blockquote', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const BLOCK_KINDS = new Set(['code-block', 'todo-item']);

function containsBlock(nodes: readonly EnmlNode[]): boolean {
  const stack = [...nodes];
  while (stack.length > 0) {
    const node = stack.pop() as EnmlNode;
    if (BLOCK_KINDS.has(node.kind) || (node.kind === 'element' && BLOCK_TAGS.has(node.tag))) return true;
    if (node.kind === 'element') stack.push(...node.children);
  }
  return false;
}

const paragraph: Handler = (el, walk) => {
  const [node] = element('p', el, walk);
  if (node?.kind !== 'element') return [];
  return [containsBlock(node.children) ? { ...node, tag: 'div' } : node];
};

const KEPT: SafeTag[] = [
  'abbr', 'b', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd',
  'del', 'dfn', 'dl', 'dt', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'ins', 'kbd',
  'pre', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td',
  'tfoot', 'th', 'thead', 'tr', 'u', 'var',
];

/**
 * Whether the element's handler converts its children (parse-enml.ts converts a large element's
 * children ahead of its handler): not for images, encrypted blocks and code blocks (read as text).
 */
export function walksChildren(el: DomElement): boolean {
  if (el.name === 'img' || el.name === 'en-crypt') return false;
  return el.name !== 'div' || !hasEnFlag(parseDeclarations(el.attribs.style ?? ''), 'codeblock');
}

/** What a handler does before it walks its children that the children's conversion reads: a checklist marks itself. */
export function prepareWalk(el: DomElement): void {
  if ((el.name === 'ul' || el.name === 'ol') && hasEnFlag(parseDeclarations(el.attribs.style ?? ''), 'todo')) checklists.add(el);
}

/** One handler per element name. Names not listed here are unwrapped (text kept, element dropped). */
export const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ...KEPT.map((tag): [string, Handler] => [tag, keep(tag)]),
  ['a', anchor],
  ['p', paragraph],
  ['img', image],
  ['div', div],
  ['ul', list('ul')],
  ['ol', list('ol')],
  ['li', listItem],
  ['en-todo', enTodo],
  ['en-crypt', enCrypt],
  ['en-media', enMedia],
  // Deprecated HTML that ENML still allows, mapped to modern equivalents.
  ['strike', keep('s')],
  ['tt', keep('code')],
  ['acronym', keep('abbr')],
  ['big', keep('span')],
  ['font', keep('span')],
  ['address', keep('div')],
  ['center', (el, walk) => element('div', el, walk, [['text-align', 'center']])],
  // Parts that live inside one parent, fitted to HTML's content models.
  ['table', fitted('table', fitTable)],
  ['thead', fitted('thead', fitRowGroup)],
  ['tbody', fitted('tbody', fitRowGroup)],
  ['tfoot', fitted('tfoot', fitRowGroup)],
  ['tr', fitted('tr', fitRow)],
  ['dl', fitted('dl', fitDefinitionList)],
]);
