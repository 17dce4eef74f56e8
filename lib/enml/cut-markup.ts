import { scanMarkupSteps } from './scan-markup';
import { runSteps, type Steps } from './steps';

/** An entity reference is never longer than this (`&CounterClockwiseContourIntegral;`). */
const MAX_ENTITY_CHARS = 40;
/** Characters past the cut a tokenizer looks at to classify a `<` (`<!--` is the longest). */
const LOOKAHEAD_CHARS = 64;

/**
 * The beginning of `markup` up to `maxChars` characters, cut between tags (never inside one, so
 * no attribute is left open) and inside text only at a safe point (not within an entity reference
 * or a surrogate pair). Parsing is the costliest step of a render and its memory grows with the
 * input, while the page can only show a bounded amount (MAX_NOTE_HTML_BYTES): markup beyond that
 * need not be parsed at all.
 */
export function cutMarkup(markup: string, maxChars: number): { markup: string; isCut: boolean } {
  return runSteps(cutMarkupSteps(markup, maxChars));
}

export function* cutMarkupSteps(markup: string, maxChars: number): Steps<{ markup: string; isCut: boolean }> {
  if (markup.length <= maxChars) return { markup, isCut: false };
  let cut = 0;
  // Only a little more than maxChars is scanned: a token that runs past maxChars is cut before (or,
  // text, inside) wherever it ends, so one that never ends (an unclosed tag) need not be followed
  // through the rest of the note. The margin lets a `<` before maxChars be told apart (`</p`, `<!--`).
  yield* scanMarkupSteps(markup.slice(0, maxChars + LOOKAHEAD_CHARS), (token) => {
    if (token.end <= maxChars) {
      cut = token.end;
      return true;
    }
    if (token.kind === 'text') cut = safeTextCut(markup, token.start, maxChars);
    return false;
  });
  return { markup: markup.slice(0, cut), isCut: true };
}

function safeTextCut(markup: string, start: number, end: number): number {
  let cut = end;
  const amp = markup.lastIndexOf('&', cut - 1);
  if (amp >= start && cut - amp <= MAX_ENTITY_CHARS && !markup.slice(amp, cut).includes(';')) cut = amp;
  const code = markup.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return Math.max(start, cut);
}
