import type { EnmlNode } from './types';

/**
 * UTF-8 bytes of `text` once React has escaped it: `&` becomes `&amp;`, `<` `&lt;`, `>` `&gt;`,
 * `"` `&quot;` and `'` `&#x27;` (a note of 1M `<` is 4 MB of HTML, not 1 MB).
 */
export function escapedBytes(text: string): number {
  let extra = 0;
  for (let i = 0; i < text.length; i += 1) {
    switch (text.charCodeAt(i)) {
      case 38: extra += 4; break;
      case 60: case 62: extra += 3; break;
      case 34: case 39: extra += 5; break;
      default: break;
    }
  }
  return Buffer.byteLength(text) + extra;
}

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

/** The longest prefix of `text` (whole code points) whose escaped bytes fit in `budget`. */
function cutText(text: string, budget: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    const bytes = escapedBytes(char);
    if (used + bytes > budget) break;
    used += bytes;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * Keeps the leading part of a note that fits in `budget` bytes of HTML, cutting only between whole
 * nodes, so an oversized note renders as a well-formed beginning plus a notice instead of a
 * response the platform truncates mid-tag (SCF caps bodies at 6 MB).
 */
export function truncateNodes(nodes: readonly EnmlNode[], budget: number): { nodes: EnmlNode[]; isTruncated: boolean } {
  const kept: EnmlNode[] = [];
  let used = 0;
  for (const node of nodes) {
    const size = estimateBytes(node);
    if (used + size <= budget) {
      kept.push(node);
      used += size;
      continue;
    }
    if (node.kind === 'element' && node.children.length > 0) {
      const inner = truncateNodes(node.children, budget - used - ownBytes(node));
      if (inner.nodes.length > 0) kept.push({ ...node, children: inner.nodes });
    } else if (node.kind === 'text' && budget - used > 0) {
      // One huge paragraph must not empty the page: keep the part of it that fits.
      const text = cutText(node.text, budget - used);
      if (text !== '') kept.push({ kind: 'text', text });
    }
    return { nodes: kept, isTruncated: true };
  }
  return { nodes: kept, isTruncated: false };
}
