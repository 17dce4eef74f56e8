import { createElement, type ReactNode } from 'react';
import { common, createLowlight } from 'lowlight';

/**
 * Server-side syntax highlighting for note code blocks: highlight.js grammars (via lowlight) turn
 * the code into spans with `hljs-*` classes, rendered as React elements, so readers get colours
 * without any client JavaScript. Only the block's declared language is used (guessing is slow and
 * often wrong); unknown languages and very large blocks stay plain.
 */
const lowlight = createLowlight(common);

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
  if (!language || code.length > MAX_HIGHLIGHT_CHARS) return null;
  const name = ALIASES[language] ?? language;
  if (!lowlight.registered(name)) return null;
  return toReact(lowlight.highlight(name, code).children);
}
