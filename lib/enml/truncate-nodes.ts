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
