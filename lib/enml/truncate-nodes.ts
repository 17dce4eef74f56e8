import type { EnmlNode } from './types';

/** Rough HTML bytes a node renders to: UTF-8 text plus a fixed allowance per element and attribute. */
function estimateBytes(node: EnmlNode): number {
  let total = 0;
  const stack: EnmlNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as EnmlNode;
    switch (n.kind) {
      case 'text':
        total += Buffer.byteLength(n.text);
        break;
      case 'code-block':
        total += Buffer.byteLength(n.text) + 64;
        break;
      case 'element':
      case 'todo-item':
        total += 48 + (n.kind === 'element' ? JSON.stringify(n.attrs).length + (n.style ? 64 : 0) : 160);
        stack.push(...n.children);
        break;
      default:
        total += 320;
    }
  }
  return total;
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
      const inner = truncateNodes(node.children, budget - used - 64);
      if (inner.nodes.length > 0) kept.push({ ...node, children: inner.nodes });
    }
    return { nodes: kept, isTruncated: true };
  }
  return { nodes: kept, isTruncated: false };
}
