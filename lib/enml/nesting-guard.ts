import { decodeHTML } from 'entities';

/**
 * htmlparser2 keeps its open-element stack with Array#unshift, so parse time grows with the square
 * of the nesting depth (100k nested tags: ~10 s). Real notes stay far below this limit; deeper
 * ones are hostile or corrupt and are shown as plain text instead of being parsed.
 */
export const MAX_PARSE_DEPTH = 2000;

const TAG = /<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g;
const VOID = new Set(['br', 'hr', 'img', 'col', 'area', 'wbr', 'input', 'meta', 'link', 'base', 'param', 'source', 'track', 'embed', 'en-media', 'en-todo']);

/** Upper bound on element depth, counted without building a tree; stops as soon as `limit` is passed. */
export function exceedsDepth(markup: string, limit = MAX_PARSE_DEPTH): boolean {
  let depth = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(markup); m !== null; m = TAG.exec(markup)) {
    const name = (m[2] as string).toLowerCase();
    if (m[1] === '/') depth = Math.max(0, depth - 1);
    else if (m[3] !== '/' && !VOID.has(name)) depth += 1;
    if (depth > limit) return true;
  }
  return false;
}

/** Cipher text, scripts and styles are never text; everything else loses its tags. */
export function markupToPlainText(markup: string): string {
  const text = markup
    .replace(/<(en-crypt|script|style|template|textarea|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<en-crypt\b[\s\S]*$/i, ' ')
    .replace(/<[^>]*>/g, ' ');
  return decodeHTML(text).replace(/[\s\u00a0]+/g, ' ').trim();
}

/**
 * Empties every `<en-crypt>` before parsing, so cipher text cannot escape as text even when hostile
 * markup closes the element early (`<p><en-crypt>x</p>CIPHER</en-crypt>`).
 */
export function blankCipherText(markup: string): string {
  return markup.replace(/<en-crypt\b([^>]*?)\/?>[\s\S]*?<\/en-crypt\s*>/gi, '<en-crypt$1></en-crypt>');
}
