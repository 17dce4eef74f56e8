import { decodeHTML } from 'entities';
import { withoutForbiddenChars } from '../notes/text-limits';
import { rawAttribute, scanMarkupSteps, tagEnd } from './scan-markup';
import { PauseCounter, runSteps, type Steps } from './steps';

/**
 * htmlparser2 keeps its open-element stack with Array#unshift, so parse time grows with the square
 * of the nesting depth (100k nested tags: ~10 s). Real notes stay far below this limit; deeper
 * ones are hostile or corrupt and are shown as plain text instead of being parsed.
 */
export const MAX_PARSE_DEPTH = 2000;

const VOID = new Set(['br', 'hr', 'img', 'col', 'area', 'wbr', 'input', 'meta', 'link', 'base', 'param', 'source', 'track', 'embed', 'en-media', 'en-todo']);

/** Upper bound on element depth, counted without building a tree; stops as soon as `limit` is passed. */
export function exceedsDepth(markup: string, limit = MAX_PARSE_DEPTH): boolean {
  return runSteps(exceedsDepthSteps(markup, limit));
}

export function* exceedsDepthSteps(markup: string, limit = MAX_PARSE_DEPTH): Steps<boolean> {
  let depth = 0;
  let exceeded = false;
  yield* scanMarkupSteps(markup, (token) => {
    if (token.kind !== 'tag') return true;
    if (token.isEnd) depth = Math.max(0, depth - 1);
    else if (!token.isSelfClosing && !VOID.has(token.name)) depth += 1;
    exceeded = depth > limit;
    return !exceeded;
  });
  return exceeded;
}

/** Elements whose content is never text (scripts, styles, raw-text elements; cipher text is blanked first). */
const NOT_TEXT = new Set(['script', 'style', 'template', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

/** Cipher, scripts and styles are never text; everything else loses its tags. Linear in the input. */
export function markupToPlainText(markup: string): string {
  return runSteps(markupToPlainTextSteps(markup));
}

export function* markupToPlainTextSteps(markup: string): Steps<string> {
  const source = yield* blankCipherTextSteps(markup);
  const out: string[] = [];
  let skipping: string | null = null;
  yield* scanMarkupSteps(source, (token) => {
    if (token.kind === 'tag') {
      if (skipping === null && !token.isEnd && !token.isSelfClosing && NOT_TEXT.has(token.name)) skipping = token.name;
      else if (skipping !== null && token.isEnd && token.name === skipping) skipping = null;
      out.push(' ');
    } else if (token.kind === 'text' && skipping === null) out.push(source.slice(token.start, token.end));
    else out.push(' ');
  });
  yield;
  return withoutForbiddenChars(decodeHTML(out.join(''))).replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Hints longer than this are cut before parsing (the renderer shows far less). */
const MAX_RAW_HINT = 1024;

/**
 * The hint, re-quoted, up to its first `>`, `<` or line break. A `>` may be part of a hint, but
 * it is also where a tag whose quote was left open really ended, with cipher text after it: the
 * two cannot be told apart, so the hint is cut there.
 */
function quotedHint(attrs: string): string {
  const raw = rawAttribute(attrs, 'hint');
  if (raw === null) return '';
  const hint = (raw.slice(0, MAX_RAW_HINT).split(/[<>\r\n]/, 1)[0] as string).replace(/"/g, '&quot;');
  return ` hint="${hint}"`;
}

/**
 * Encrypted blocks shown per note at most; later ones are blanked without a placeholder. 150k
 * `<en-crypt/>` fit in Evernote's content limit, and each placeholder is an element to parse and
 * render.
 */
const MAX_CRYPT_BLOCKS = 1000;

/** `<en-crypt` or `</en-crypt` (any case, and longer names such as `<en-crypted>` too), anywhere. */
const CRYPT_TAG = /<\/?en-crypt/gi;

/**
 * Replaces every `<en-crypt>` with an empty one that keeps only its hint, so cipher text cannot
 * reach the parser, whatever shape the markup takes. Tags are found in the raw text, not by
 * tokenizing, so one inside an attribute value or a comment counts too. Cipher text is everything
 * from an opening tag to its `</en-crypt>`; an unclosed one runs to the end of the note; text
 * between an encrypted block and a stray `</en-crypt>` after it (`<en-crypt/>CIPHER</en-crypt>`,
 * nested or crossed blocks) is cipher text too. When the markup is ambiguous it errs towards
 * blanking: an opening tag inside another's attributes opens a block, an end tag there closes
 * nothing. The hint is re-quoted, so a `>` or quote inside it cannot swallow the rest of the note.
 * Linear in the input: every character is scanned for a tag's end at most once.
 */
export function blankCipherText(markup: string): string {
  return runSteps(blankCipherTextSteps(markup));
}

/** Tags found between pause points (each costs a scan of its attributes). */
const PAUSE_TAGS = 512;
/** Characters searched for a tag between pause points (a case-insensitive search of 5 MB took ~20 ms). */
const SEARCH_WINDOW = 262_144;
const LONGEST_TAG = '</en-crypt'.length;

/** The next `<en-crypt` or `</en-crypt` at or after `from`, searched window by window. */
interface CryptTag {
  at: number;
  length: number;
  isEnd: boolean;
}

function* nextCryptTag(markup: string, from: number, tag: RegExp): Steps<CryptTag | null> {
  for (let start = from; start < markup.length; start += SEARCH_WINDOW) {
    if (start > from) yield;
    // The window overlaps the next by a tag's length, so a tag across the seam is found whole.
    tag.lastIndex = 0;
    const match = tag.exec(markup.slice(start, start + SEARCH_WINDOW + LONGEST_TAG - 1));
    if (match && match.index < SEARCH_WINDOW) return { at: start + match.index, length: match[0].length, isEnd: match[0].charCodeAt(1) === 47 };
  }
  return null;
}

export function* blankCipherTextSteps(markup: string): Steps<string> {
  // Its own copy: a paused scan must not share a global expression's position with another.
  const cryptTag = new RegExp(CRYPT_TAG);
  let match: CryptTag | null = yield* nextCryptTag(markup, 0, cryptTag);
  if (!match) return markup;
  const pause = new PauseCounter(PAUSE_TAGS);
  const out: string[] = [];
  let depth = 0;
  /** Everything before this was copied, blanked or read as part of a tag. */
  let pos = 0;
  /** out.length just after the last emitted encrypted block, or -1 before the first. */
  let afterLastBlock = -1;
  let blocks = 0;
  while (match !== null) {
    if (pause.add()) yield;
    const { at, isEnd }: CryptTag = match;
    const attrsStart: number = at + match.length;
    // By default the search goes on inside the tag: an opening tag hidden in its attributes counts.
    let searchFrom: number = attrsStart;
    if (at < pos) {
      // Inside an en-crypt tag's own attributes.
      if (!isEnd) depth += 1;
    } else if (isEnd) {
      if (depth === 0) out.push(markup.slice(pos, at));
      const gt = markup.indexOf('>', at);
      pos = gt < 0 ? markup.length : gt + 1;
      if (depth > 0) depth -= 1;
      else if (afterLastBlock >= 0) out.length = afterLastBlock;
      searchFrom = pos;
    } else {
      if (depth === 0) out.push(markup.slice(pos, at));
      const { end, attrsEnd, isSelfClosing } = tagEnd(markup, attrsStart);
      if (depth === 0) {
        blocks += 1;
        if (blocks <= MAX_CRYPT_BLOCKS) out.push(`<en-crypt${quotedHint(markup.slice(attrsStart, attrsEnd))}></en-crypt>`);
        afterLastBlock = out.length;
      }
      if (!isSelfClosing) depth += 1;
      pos = end;
    }
    match = yield* nextCryptTag(markup, searchFrom, cryptTag);
  }
  if (depth === 0) out.push(markup.slice(pos));
  return out.join('');
}
