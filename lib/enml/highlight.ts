import { createElement, type ReactNode } from 'react';
import type { createLowlight } from 'lowlight';
import { importLowlight } from './import-lowlight';
import type { EnmlNode } from './types';

/**
 * Server-side syntax highlighting for note code blocks: highlight.js grammars (via lowlight) turn
 * the code into spans with `hljs-*` classes, rendered as React elements, so readers get colours
 * without any client JavaScript. Only the block's declared language is used (guessing is slow and
 * often wrong); unknown languages and very large blocks stay plain.
 *
 * The grammars load on demand (loadHighlighter): ~40 languages took ~80 ms of a function's cold
 * start, and most notes have no code. The renderer stays synchronous: pages load the highlighter
 * before rendering a note that needs it (needsHighlighter); until then code renders plain.
 */
let lowlight: ReturnType<typeof createLowlight> | null = null;
let loading: Promise<void> | null = null;

export function loadHighlighter(): Promise<void> {
  loading ??= importLowlight().then(({ common, createLowlight }) => {
    lowlight = createLowlight(common);
  }, (error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** True when `nodes` hold a code block with a declared language (only those are highlighted). */
export function needsHighlighter(nodes: readonly EnmlNode[]): boolean {
  const stack = [...nodes];
  while (stack.length > 0) {
    const node = stack.pop() as EnmlNode;
    switch (node.kind) {
      case 'code-block':
        if (node.language) return true;
        break;
      case 'element':
      case 'todo-item':
        stack.push(...node.children);
        break;
      case 'text':
      case 'todo':
      case 'media':
      case 'crypt':
      case 'external-image':
        break;
      default: {
        // A new node kind must say here whether it can hold code blocks.
        const unhandled: never = node;
        return unhandled;
      }
    }
  }
  return false;
}

/** Evernote's language names that differ from highlight.js's. */
const ALIASES: Record<string, string> = { clike: 'c', 'c++': 'cpp', 'c#': 'csharp', shell: 'bash', sh: 'bash', js: 'javascript', ts: 'typescript', html: 'xml', py: 'python', golang: 'go' };
/** Highlighting is roughly linear but allocation-heavy; beyond this a block renders plain. */
const MAX_HIGHLIGHT_CHARS = 50_000;

interface HastText { type: 'text'; value: string }
interface HastElement { type: 'element'; properties: { className?: unknown }; children: HastNode[] }
type HastNode = HastText | HastElement | { type: string };

function toReact(nodes: readonly HastNode[]): ReactNode[] {
  return nodes.map((node, key) => {
    if (node.type === 'text') return (node as HastText).value;
    if (node.type !== 'element') return null;
    const el = node as HastElement;
    const classes = Array.isArray(el.properties.className) ? el.properties.className.filter((c): c is string => typeof c === 'string' && /^[\w-]+$/.test(c)) : [];
    return createElement('span', { key, className: classes.join(' ') || undefined }, ...toReact(el.children));
  });
}

/** Highlighted children for `<code>`, or null when the language is unknown or the block too big. */
export function highlightCode(code: string, language: string | null): ReactNode[] | null {
  if (!lowlight || !language || code.length > MAX_HIGHLIGHT_CHARS) return null;
  const name = ALIASES[language] ?? language;
  if (!lowlight.registered(name)) return null;
  return toReact(lowlight.highlight(name, code).children);
}
