import { PAUSE_NODES, PauseCounter, runSteps, type Steps } from './steps';
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

export function* normalizeHeadingsSteps(nodes: readonly EnmlNode[]): Steps<EnmlNode[]> {
  let previous = 1;
  const pause = new PauseCounter(PAUSE_NODES);
  function* visit(list: readonly EnmlNode[]): Steps<EnmlNode[]> {
    const out: EnmlNode[] = [];
    for (const node of list) {
      if (pause.add()) yield;
      if (node.kind === 'todo-item') out.push({ ...node, children: yield* visit(node.children) });
      else if (node.kind !== 'element') out.push(node);
      else {
        const match = LEVEL.exec(node.tag);
        if (match) {
          const level = Math.min(6, Math.max(2, Math.min(Number(match[1]) + 1, previous + 1)));
          previous = level;
          out.push({ ...node, tag: `h${level}` as SafeTag, children: yield* visit(node.children) });
        } else out.push({ ...node, children: yield* visit(node.children) });
      }
    }
    return out;
  }
  return yield* visit(nodes);
}
