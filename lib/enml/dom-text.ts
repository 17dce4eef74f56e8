import { withoutForbiddenChars } from '../notes/text-limits';
import { isTag, isText, type DomDocument, type DomElement, type DomNode } from './dom-tree';

/** Elements whose content is never note text (code, styles, cipher text, embedded documents). */
export const OPAQUE_ELEMENTS = new Set([
  'script', 'style', 'template', 'noscript', 'noembed', 'noframes', 'iframe', 'frame', 'frameset',
  'object', 'embed', 'applet', 'param', 'svg', 'math', 'textarea', 'select', 'option', 'optgroup',
  'title', 'head', 'xml', 'xmp', 'plaintext', 'en-crypt', 'base', 'link', 'meta', 'audio', 'video',
  'source', 'track', 'canvas',
]);

/**
 * Text content of a parsed subtree, skipping opaque elements. Iterative, so hostile nesting depth
 * cannot overflow the stack. `<br>` and block boundaries become newlines when `lines` is set;
 * `maxChars` stops early when only a prefix is needed (labels).
 */
export function domText(root: DomNode | DomDocument, lines = false, maxChars = Infinity): string {
  const out: string[] = [];
  let length = 0;
  // A prefix search also bounds the nodes it visits: thousands of empty elements must not be walked per call.
  let budget = maxChars === Infinity ? Infinity : maxChars * 8;
  const stack: Array<DomNode | DomDocument> = [root];
  while (stack.length > 0 && length < maxChars && budget > 0) {
    budget -= 1;
    const node = stack.pop() as DomNode | DomDocument;
    if (isText(node)) {
      out.push(withoutForbiddenChars(node.data));
      length += node.data.length;
    } else if (isTag(node)) {
      if (OPAQUE_ELEMENTS.has(node.name)) continue;
      if (lines && node.name === 'br') out.push('\n');
      if (lines && node !== root && node.name === 'div' && out.length > 0 && !out[out.length - 1]?.endsWith('\n')) {
        out.push('\n');
      }
      for (let i = node.children.length - 1; i >= 0; i -= 1) {
        const child = node.children[i];
        if (child) stack.push(child);
      }
    }
  }
  return out.join('');
}

/** Collapses whitespace (including no-break spaces) to single spaces. */
export function collapseSpace(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** The first element with the given name, searching depth-first without recursion. */
export function findElement(root: DomNode | DomDocument, name: string): DomElement | null {
  const stack: Array<DomNode | DomDocument> = [root];
  while (stack.length > 0) {
    const node = stack.pop() as DomNode | DomDocument;
    if (isTag(node)) {
      if (node.name === name) return node;
      if (OPAQUE_ELEMENTS.has(node.name)) continue;
    }
    if ('children' in node) {
      for (let i = node.children.length - 1; i >= 0; i -= 1) {
        const child = node.children[i];
        if (child) stack.push(child);
      }
    }
  }
  return null;
}
