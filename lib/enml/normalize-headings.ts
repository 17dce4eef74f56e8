import { mapTopLevel, runSteps, type Steps } from './steps';
import type { EnmlNode, SafeTag } from './types';

const LEVEL = /^h([1-6])$/;

/**
 * Re-levels a note's headings under the page's own h1 (the note title): each heading goes at most
 * one level deeper than the one before it, starting at h2. Keeps the outline screen readers and
 * crawlers read consistent, whatever levels the author clicked. Returns a new tree.
 */
export function normalizeHeadings(nodes: readonly EnmlNode[]): EnmlNode[] {
  return runSteps(normalizeHeadingsSteps(nodes));
}

/** As steps (steps.ts): pauses between top-level nodes, each re-levelled in one call. */
export function* normalizeHeadingsSteps(nodes: readonly EnmlNode[]): Steps<EnmlNode[]> {
  let previous = 1;
  const visit = (list: readonly EnmlNode[]): EnmlNode[] => list.map((node) => {
    if (node.kind === 'todo-item') return { ...node, children: visit(node.children) };
    if (node.kind !== 'element') return node;
    const match = LEVEL.exec(node.tag);
    if (!match) return { ...node, children: visit(node.children) };
    const level = Math.min(6, Math.max(2, Math.min(Number(match[1]) + 1, previous + 1)));
    previous = level;
    return { ...node, tag: `h${level}` as SafeTag, children: visit(node.children) };
  });
  return yield* mapTopLevel(nodes, (node) => visit([node]));
}
