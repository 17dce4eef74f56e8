import { runSteps, type Steps } from './steps';
import type { EnmlNode } from './types';

const BLOCK_TAGS = new Set([
  'blockquote', 'br', 'caption', 'dd', 'div', 'dl', 'dt', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
  'li', 'ol', 'p', 'pre', 'table', 'td', 'th', 'tr', 'ul',
]);

/**
 * Plain text of a sanitised note, for descriptions and search. Encrypted blocks and media add
 * nothing (their hint or file name is not note prose); block boundaries become spaces. With
 * `maxChars`, stops once about that much text is collected (a description needs the beginning).
 */
export function extractText(nodes: readonly EnmlNode[], maxChars = Infinity): string {
  const walk = startWalk(nodes);
  collectText(walk, maxChars, Infinity);
  return finishText(walk);
}

/** Nodes visited per step by the step versions. */
const STEP_NODES = 4096;

/** extractText as steps (steps.ts): pauses every STEP_NODES nodes. */
export function* extractTextSteps(nodes: readonly EnmlNode[], maxChars = Infinity): Steps<string> {
  const walk = startWalk(nodes);
  while (walk.stack.length > 0 && walk.length < maxChars) {
    collectText(walk, maxChars, STEP_NODES);
    yield;
  }
  return finishText(walk);
}

interface TextWalk {
  out: string[];
  length: number;
  stack: EnmlNode[];
}

const startWalk = (nodes: readonly EnmlNode[]): TextWalk => ({ out: [], length: 0, stack: [...nodes].reverse() });

const finishText = (walk: TextWalk): string => walk.out.join('').replace(/[\s\u00a0]+/g, ' ').trim();

function collectText(walk: TextWalk, maxChars: number, maxNodes: number): void {
  const { out, stack } = walk;
  for (let visited = 0; stack.length > 0 && walk.length < maxChars && visited < maxNodes; visited += 1) {
    const node = stack.pop() as EnmlNode;
    switch (node.kind) {
      case 'text':
        out.push(node.text.length > maxChars ? node.text.slice(0, maxChars) : node.text);
        walk.length += node.text.length;
        break;
      case 'code-block':
        out.push(' ', node.text.length > maxChars ? node.text.slice(0, maxChars) : node.text, ' ');
        walk.length += node.text.length;
        break;
      case 'element':
      case 'todo-item':
        if (node.kind === 'todo-item' || BLOCK_TAGS.has(node.tag)) out.push(' ');
        for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i] as EnmlNode);
        break;
      default:
        break;
    }
  }
}

/** Characters of text in `nodes` (what extractText would collect, before spaces are folded), without building it. */
export function textLength(nodes: readonly EnmlNode[]): number {
  return runSteps(textLengthSteps(nodes));
}

export function* textLengthSteps(nodes: readonly EnmlNode[]): Steps<number> {
  let length = 0;
  const stack: EnmlNode[] = [...nodes];
  while (stack.length > 0) {
    for (let visited = 0; stack.length > 0 && visited < STEP_NODES; visited += 1) {
      const node = stack.pop() as EnmlNode;
      if (node.kind === 'text' || node.kind === 'code-block') length += node.text.length;
      else if (node.kind === 'element' || node.kind === 'todo-item') stack.push(...node.children);
    }
    yield;
  }
  return length;
}

const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;
/** Also two columns wide: emoji, Hangul jamo, CJK beyond the BMP. */
const WIDE = /[\u1100-\u115f\u{20000}-\u{3fffd}]|\p{Extended_Pictographic}/u;
/** Drawn over the character before them: combining marks (variation selectors among them). */
const COMBINING = /\p{Mn}|\p{Me}/u;

/** Columns one character (a code point) takes in a search result. */
function charWidth(char: string): number {
  if (CJK.test(char)) return 2;
  const code = char.codePointAt(0) ?? 0;
  // Latin-1 (the common case) is one column each; © and ® are pictographic but drawn narrow.
  if (code < 0x300) return 1;
  // Zero-width space, non-joiner and joiner (emoji sequences).
  if (code >= 0x200b && code <= 0x200d) return 0;
  return COMBINING.test(char) ? 0 : WIDE.test(char) ? 2 : 1;
}

/** Display columns of `text`: CJK, full-width characters and emoji count two, combining marks none, as search results lay them out. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/**
 * A description of at most `maxWidth` display columns, CJK characters counting two (search engines
 * cut Chinese snippets at about half the Latin character count). Cuts at a word boundary for Latin.
 */
export function summarize(text: string, maxWidth = 160): string {
  let width = 0;
  let cut = -1;
  // Only the beginning can be shown: no array of every character of a long note.
  const chars = Array.from(text.slice(0, 2 * maxWidth + 4));
  for (let i = 0; i < chars.length; i += 1) {
    width += charWidth(chars[i] as string);
    if (width > maxWidth) {
      cut = i;
      break;
    }
  }
  if (cut < 0) return text;
  let head = chars.slice(0, cut).join('');
  const space = head.lastIndexOf(' ');
  if (space > head.length * 0.6 && !CJK.test(chars[cut] as string)) head = head.slice(0, space);
  return `${head.replace(/[\s,.;:，。；：、]+$/u, '')}…`;
}
