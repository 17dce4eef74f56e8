import { parseDocument } from 'htmlparser2';
import { isTag, isText, type AnyNode } from 'domhandler';
import { langAttr } from './attributes';
import { collapseSpace, domText, findElement, OPAQUE_ELEMENTS } from './dom-text';
import { HANDLERS, drop, unwrap, type Walk } from './element-handlers';
import { blankCipherText, exceedsDepth, markupToPlainText } from './nesting-guard';
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
export function parseEnml(enml: string): ParsedEnml {
  if (exceedsDepth(enml)) {
    const text = markupToPlainText(enml);
    return { lang: null, nodes: text === '' ? [] : [{ kind: 'element', tag: 'p', attrs: {}, style: null, children: [{ kind: 'text', text }] }] };
  }
  const document = parseDocument(blankCipherText(enml), {
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
    recognizeSelfClosing: true,
    decodeEntities: true,
  });
  const root = findElement(document, 'en-note');
  const lang = root ? langAttr(root.attribs.lang ?? root.attribs['xml:lang']) : null;

  const walkAt = (depth: number): Walk => (nodes) => {
    const out: EnmlNode[] = [];
    for (const node of nodes) out.push(...convert(node, depth));
    return out;
  };

  const convert = (node: AnyNode, depth: number): EnmlNode[] => {
    if (isText(node)) {
      const parent = node.parent && isTag(node.parent) ? node.parent.name : null;
      if (parent && NO_TEXT_PARENTS.has(parent) && node.data.trim() === '') return [];
      return node.data === '' ? [] : [{ kind: 'text', text: node.data }];
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
  return { lang, nodes: walkAt(0)(start) };
}
