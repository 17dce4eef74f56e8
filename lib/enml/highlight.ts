import type { ReactNode } from 'react';
import type { createLowlight } from 'lowlight';
import { importLowlight } from './import-lowlight';
import { reactMarkup, type Child, type Markup } from './markup';
import { runSteps, type Steps } from './steps';
import type { CodeBlockNode, EnmlNode } from './types';

/**
 * Server-side syntax highlighting for note code blocks: highlight.js grammars (via lowlight) turn
 * the code into spans with `hljs-*` classes, written with the rest of the note, so readers get colours
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

/**
 * Several highlight.js grammars are quadratic on some inputs (ini, c, cpp, scss, markdown: 8k
 * characters of `0`, `a `, `-` or `[` took 0.2-0.35 s, 50k took seconds). Code is therefore
 * highlighted in pieces of at most this many characters, cut at line ends (a line longer than
 * this is cut inside), which bounds the grammar's worst case per piece; a construct spanning two
 * pieces (a long block comment) may lose its colour after the cut.
 */
export const HIGHLIGHT_PIECE_CHARS = 1000;
/**
 * Per note: highlighting cost at most, in characters weighted by grammar (SLOW_GRAMMARS count
 * COST_PER_SLOW_CHAR each); later code renders plain. A count, not a clock: the same note must
 * render to the same bytes on every instance and every run, or one strong ETag (the page
 * version) would name different pages, and a loaded or cold instance would serve less colour.
 * 60,000 characters of a fast grammar or 15,000 of a slow one is ~30-60 ms on one core.
 */
export const MAX_HIGHLIGHT_CHARS = 60_000;
/** Grammars measured quadratic-ish even in 1,000-character pieces (~8 µs per character under load). */
const SLOW_GRAMMARS = new Set(['ini', 'toml', 'c', 'h', 'cpp', 'cc', 'hpp', 'arduino', 'ino', 'csharp', 'cs', 'scss', 'markdown', 'md', 'mkdown', 'mkd']);
const COST_PER_SLOW_CHAR = 4;
/**
 * Per note: bytes of highlight markup (`<span class="hljs-...">` and `</span>`) at most. The note
 * page reserves this much of its HTML budget for it (get-note-view.ts), so highlighting cannot
 * push a page past the cap.
 */
export const HIGHLIGHT_MARKUP_BYTES = 512 * 1024;

/** What is left of one note's highlighting budget; shared by all its code blocks. */
export interface HighlightBudget {
  /** Weighted characters (see MAX_HIGHLIGHT_CHARS). */
  chars: number;
  markupBytes: number;
}

export function createHighlightBudget(): HighlightBudget {
  return { chars: MAX_HIGHLIGHT_CHARS, markupBytes: HIGHLIGHT_MARKUP_BYTES };
}

interface HastText { type: 'text'; value: string }
interface HastElement { type: 'element'; properties: { className?: unknown }; children: HastNode[] }
type HastNode = HastText | HastElement | { type: string };

const SPAN_BYTES = '<span class=""></span>'.length;

function classNameOf(el: HastElement): string {
  const classes = Array.isArray(el.properties.className) ? el.properties.className.filter((c): c is string => typeof c === 'string' && /^[\w-]+$/.test(c)) : [];
  return classes.join(' ');
}

/** Bytes of markup the spans of `nodes` add around their text. */
function markupBytes(nodes: readonly HastNode[]): number {
  let total = 0;
  const stack = [...nodes];
  while (stack.length > 0) {
    const node = stack.pop() as HastNode;
    if (node.type !== 'element') continue;
    const el = node as HastElement;
    total += SPAN_BYTES + classNameOf(el).length;
    stack.push(...el.children);
  }
  return total;
}

/** Highlighted code, as the renderer writes it: text, and spans (with highlight.js's classes) around text. */
export type CodeSpan = string | null | { key: string; className: string | undefined; children: CodeSpan[] };

function toSpans(nodes: readonly HastNode[], keyPrefix: string): CodeSpan[] {
  return nodes.map((node, index) => {
    if (node.type === 'text') return (node as HastText).value;
    if (node.type !== 'element') return null;
    const el = node as HastElement;
    return { key: `${keyPrefix}${index}`, className: classNameOf(el) || undefined, children: toSpans(el.children, '') };
  });
}

/** Highlighted code as elements of `markup`. */
export function codeSpans<N>(markup: Markup<N>, spans: readonly CodeSpan[]): Array<Child<N>> {
  return spans.map((span) => (span === null || typeof span === 'string' ? span : markup.element('span', { key: span.key, className: span.className }, ...codeSpans(markup, span.children))));
}

/** Where the piece of `code` starting at `start` ends: at most `size` characters on, after a line end when there is one. */
function pieceEnd(code: string, start: number, size: number): number {
  const end = Math.min(code.length, start + size);
  if (end === code.length) return end;
  // Searched within the piece only: an unbounded lastIndexOf rescans the whole code per piece.
  const newline = code.slice(start, end).lastIndexOf('\n');
  return newline >= 0 ? start + newline + 1 : end;
}

/** `code` cut into pieces of at most `size` characters, at line ends where possible. */
export function splitCode(code: string, size = HIGHLIGHT_PIECE_CHARS): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < code.length; start = pieceEnd(code, start, size)) pieces.push(code.slice(start, pieceEnd(code, start, size)));
  return pieces;
}

/**
 * Highlighted children for `<code>`, or null when the language is unknown or nothing could be
 * highlighted within `budget` (which this spends). Past the budget the rest of the code is plain.
 */
export function highlightCode(code: string, language: string | null, budget: HighlightBudget = createHighlightBudget()): ReactNode[] | null {
  const spans = runSteps(highlightCodeSteps(code, language, budget));
  return spans && codeSpans(reactMarkup, spans);
}

/** highlightCode as steps (steps.ts): pauses after each piece. */
export function* highlightCodeSteps(code: string, language: string | null, budget: HighlightBudget): Steps<CodeSpan[] | null> {
  if (!lowlight || !language) return null;
  const name = ALIASES[language] ?? language;
  if (!lowlight.registered(name)) return null;
  const out: CodeSpan[] = [];
  let isHighlighted = false;
  const weight = SLOW_GRAMMARS.has(name) ? COST_PER_SLOW_CHAR : 1;
  for (let start = 0, index = 0; start < code.length; index += 1) {
    const end = pieceEnd(code, start, HIGHLIGHT_PIECE_CHARS);
    const cost = (end - start) * weight;
    if (budget.chars < cost || budget.markupBytes <= 0) {
      out.push(code.slice(start));
      break;
    }
    if (index > 0) yield;
    const tree = lowlight.highlight(name, code.slice(start, end)).children as HastNode[];
    budget.chars -= cost;
    const bytes = markupBytes(tree);
    if (bytes > budget.markupBytes) {
      budget.markupBytes = 0;
      out.push(code.slice(start));
      break;
    }
    budget.markupBytes -= bytes;
    isHighlighted = true;
    out.push(...toSpans(tree, `${index}-`));
    start = end;
  }
  return isHighlighted ? out : null;
}

/** Elements the renderer emits without their children (render-enml.tsx): code inside them is never shown. */
export const VOID_TAGS: ReadonlySet<string> = new Set(['br', 'hr', 'img', 'col']);

/** Highlighted content per code block, as the renderer takes it (RenderOptions.highlighted). */
export type HighlightedCode = ReadonlyMap<CodeBlockNode, CodeSpan[] | null>;

/**
 * Highlights every code block of a note, in document order, within one note's budget: what the
 * renderer would do block by block, done before it as steps, so a page can be highlighted in slices.
 */
export function* highlightCodeBlocks(nodes: readonly EnmlNode[]): Steps<HighlightedCode> {
  const budget = createHighlightBudget();
  const out = new Map<CodeBlockNode, CodeSpan[] | null>();
  if (!lowlight) return out;
  const stack: EnmlNode[] = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as EnmlNode;
    if (node.kind === 'code-block') {
      if (node.language) out.set(node, yield* highlightCodeSteps(node.text, node.language, budget));
    } else if ((node.kind === 'element' && !VOID_TAGS.has(node.tag)) || node.kind === 'todo-item') {
      for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i] as EnmlNode);
    }
  }
  return out;
}
