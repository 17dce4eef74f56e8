import { PAUSE_NODES, PauseCounter, runSteps, type Steps } from './steps';
import type { EnmlNode } from './types';

/**
 * UTF-8 bytes of `text` once React has escaped it: `&` becomes `&amp;`, `<` `&lt;`, `>` `&gt;`,
 * `"` `&quot;` and `'` `&#x27;` (a note of 1M `<` is 4 MB of HTML, not 1 MB).
 */
export function escapedBytes(text: string): number {
  // One pass over the code units (Buffer.byteLength plus a pass for the escapes cost twice this).
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1 + escapeExtra(code);
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i += 1;
    } else bytes += 3; // the rest of the BMP, and a lone surrogate (written as U+FFFD)
  }
  return bytes;
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Upper bound of the HTML bytes one node renders to, not counting its children. */
function ownBytes(n: EnmlNode): number {
  switch (n.kind) {
    case 'text':
      return escapedBytes(n.text);
    case 'code-block':
      // Highlight markup is budgeted separately (highlight.ts HIGHLIGHT_MARKUP_BYTES).
      return escapedBytes(n.text) + 128;
    case 'element':
      return 64 + escapedBytes(JSON.stringify(n.attrs)) + (n.style ? escapedBytes(JSON.stringify(n.style)) + 16 : 0);
    case 'todo-item':
      return 256 + escapedBytes(n.label);
    case 'crypt':
      return 256 + escapedBytes(n.hint);
    case 'external-image':
      return 256 + escapedBytes(n.href) + escapedBytes(n.alt);
    default:
      // Media (URL, srcset, file name, size label) and checkboxes.
      return 2048;
  }
}

/** Upper bound of the HTML bytes a node renders to (labels, links and images included). */
export function estimateBytes(node: EnmlNode): number {
  let total = 0;
  const stack: EnmlNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as EnmlNode;
    total += ownBytes(n);
    if (n.kind === 'element' || n.kind === 'todo-item') stack.push(...n.children);
  }
  return total;
}

/**
 * Escaped UTF-8 bytes of a character at most: `"` becomes the six bytes of `&quot;`, and
 * JSON.stringify writes a character as at most six (`\u0000`), each of which escapes to one byte.
 */
const MAX_BYTES_PER_CHAR = 6;

/** An upper bound of `JSON.stringify(value).length` for the flat attribute and style objects of the tree. */
function jsonCharsBound(value: Readonly<Record<string, string | number | undefined>>): number {
  let chars = 2;
  for (const [key, item] of Object.entries(value)) {
    chars += MAX_BYTES_PER_CHAR * key.length + 4 + (typeof item === 'string' ? MAX_BYTES_PER_CHAR * item.length + 2 : Math.max(4, String(item).length));
  }
  return chars;
}

/**
 * Whether `nodes` surely fit in `budget`: an upper bound of what estimateBytes gives them (every
 * term of ownBytes bounded by its characters, no string built), compared with the budget. Most
 * notes are far below it, and the exact estimate (an escaped count of every character, a JSON
 * string per element) was a tenth of an uncached render of a long note.
 */
export function surelyFits(nodes: readonly EnmlNode[], budget: number): boolean {
  let total = 0;
  const add = (list: readonly EnmlNode[]): boolean => {
    for (const n of list) {
      switch (n.kind) {
        case 'text':
          total += MAX_BYTES_PER_CHAR * n.text.length;
          break;
        case 'code-block':
          total += MAX_BYTES_PER_CHAR * n.text.length + 128;
          break;
        case 'element':
          total += 64 + MAX_BYTES_PER_CHAR * jsonCharsBound(n.attrs) + (n.style ? MAX_BYTES_PER_CHAR * jsonCharsBound(n.style) + 16 : 0);
          if (total > budget || !add(n.children)) return false;
          break;
        case 'todo-item':
          total += 256 + MAX_BYTES_PER_CHAR * n.label.length;
          if (total > budget || !add(n.children)) return false;
          break;
        case 'crypt':
          total += 256 + MAX_BYTES_PER_CHAR * n.hint.length;
          break;
        case 'external-image':
          total += 256 + MAX_BYTES_PER_CHAR * (n.href.length + n.alt.length);
          break;
        default:
          total += 2048;
      }
      if (total > budget) return false;
    }
    return true;
  };
  return add(nodes);
}

/** The longest prefix of `text` (whole code points) whose escaped UTF-8 bytes fit in `budget`. */
function cutText(text: string, budget: number): string {
  let used = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const isPair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length;
    const bytes = isPair ? 4 : code < 0x80 ? 1 + escapeExtra(code) : code < 0x800 ? 2 : 3;
    if (used + bytes > budget) return text.slice(0, i);
    used += bytes;
    if (isPair) i += 1;
  }
  return text;
}

function escapeExtra(code: number): number {
  return code === 38 ? 4 : code === 60 || code === 62 ? 3 : code === 34 || code === 39 ? 5 : 0;
}

/**
 * Keeps the leading part of a note that fits in `budget` bytes of HTML, cutting only between whole
 * nodes, so an oversized note renders as a well-formed beginning plus a notice instead of a
 * response the platform truncates mid-tag (SCF caps bodies at 6 MB).
 */
export function truncateNodes(nodes: readonly EnmlNode[], budget: number): { nodes: EnmlNode[]; isTruncated: boolean } {
  return runSteps(truncateNodesSteps(nodes, budget));
}

/** As steps (steps.ts): pauses between top-level nodes; within one, the estimate and the cut run in one call. */
export function* truncateNodesSteps(nodes: readonly EnmlNode[], budget: number, isTopLevel = true): Steps<{ nodes: EnmlNode[]; isTruncated: boolean }> {
  if (isTopLevel && surelyFits(nodes, budget)) return { nodes: [...nodes], isTruncated: false };
  const kept: EnmlNode[] = [];
  let used = 0;
  const pause = new PauseCounter(PAUSE_NODES);
  for (const node of nodes) {
    if (isTopLevel && pause.add()) yield;
    const size = estimateBytes(node);
    if (used + size <= budget) {
      kept.push(node);
      used += size;
      continue;
    }
    if (node.kind === 'element' && node.children.length > 0) {
      const inner = runSteps(truncateNodesSteps(node.children, budget - used - ownBytes(node), false));
      if (inner.nodes.length > 0) kept.push({ ...node, children: inner.nodes });
    } else if (node.kind === 'text' && budget - used > 0) {
      // One huge paragraph must not empty the page: keep the part of it that fits.
      const text = cutText(node.text, budget - used);
      if (text !== '') kept.push({ kind: 'text', text });
    } else if (node.kind === 'code-block' && budget - used > ownBytes({ ...node, text: '' })) {
      // Nor one huge code block.
      const text = cutText(node.text, budget - used - ownBytes({ ...node, text: '' }));
      if (text !== '') kept.push({ ...node, text });
    }
    return { nodes: kept, isTruncated: true };
  }
  return { nodes: kept, isTruncated: false };
}
