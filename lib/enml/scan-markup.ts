/**
 * A single-pass tokenizer for untrusted markup, used where the note must be looked at before (or
 * instead of) the real parser: the depth guard, the plain-text fallback and cipher blanking.
 *
 * Regular expressions like `/<[^>]*>/g` or `/<x\b[\s\S]*?<\/x>/g` rescan to the end of the text
 * for every `<` that is never closed, so 250k unclosed `<a` took tens of seconds. Here every
 * character is read once: a construct that is never closed (a tag without `>`, a quoted value
 * without its quote, a comment without `-->`, a raw-text element without its end tag) runs to
 * the end of the input, as it does for an HTML tokenizer, and the scan stops there.
 */

import type { Steps } from './steps';

export type MarkupToken =
  | { kind: 'text'; start: number; end: number }
  /** `<!-- -->`, `<!DOCTYPE>`, `<?xml ?>` and other markup declarations. */
  | { kind: 'other'; start: number; end: number }
  | { kind: 'tag'; name: string; isEnd: boolean; isSelfClosing: boolean; start: number; end: number; attrsStart: number; attrsEnd: number };

/** Return false to stop the scan. */
export type MarkupVisitor = (token: MarkupToken) => boolean | void;

/** Elements whose content is raw text up to their own end tag (HTML tokenizer rules). */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
/** Tag names end where an HTML tokenizer ends them: whitespace, `/` or `>`. */
const endsName = (c: number): boolean => isSpace(c) || c === 47 || c === 62;

/** End (exclusive) of the tag whose attributes start at `from`: after its `>`, or the input's end. */
export function tagEnd(markup: string, from: number): { end: number; attrsEnd: number; isSelfClosing: boolean } {
  let afterEquals = false;
  for (let i = from; i < markup.length; i += 1) {
    const c = markup.charCodeAt(i);
    if (c === 62) return { end: i + 1, attrsEnd: i, isSelfClosing: markup.charCodeAt(i - 1) === 47 };
    if ((c === 34 || c === 39) && afterEquals) {
      const close = markup.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close < 0) break;
      i = close;
      afterEquals = false;
    } else if (c === 61) afterEquals = true;
    else if (!isSpace(c)) afterEquals = false;
  }
  return { end: markup.length, attrsEnd: markup.length, isSelfClosing: false };
}

/** Index of `</name` (any case) at or after `from`, or -1. */
function findEndTag(markup: string, name: string, from: number): number {
  for (let i = markup.indexOf('</', from); i >= 0; i = markup.indexOf('</', i + 2)) {
    if (markup.slice(i + 2, i + 2 + name.length).toLowerCase() === name) return i;
  }
  return -1;
}

export function scanMarkup(markup: string, visit: MarkupVisitor): void {
  scanRun(markup, 0, markup.length, visit);
}

/** Characters of markup scanned between pause points (the cost of a scan is linear in them). */
const PAUSE_CHARS = 32_768;

/** scanMarkup, pausing every PAUSE_CHARS characters or so (steps.ts). */
export function* scanMarkupSteps(markup: string, visit: MarkupVisitor): Steps<void> {
  for (let pos = 0; pos >= 0 && pos < markup.length; pos = scanRun(markup, pos, pos + PAUSE_CHARS, visit)) {
    if (pos > 0) yield;
  }
}

/**
 * Scans tokens from `pos` until one ends at or after `until`; returns where the next token starts,
 * or -1 when the visitor stopped the scan or the markup ended. A plain loop: in a generator it ran
 * markedly slower.
 */
function scanRun(markup: string, from: number, until: number, visit: MarkupVisitor): number {
  let pos = from;
  while (pos < markup.length && pos < until) {
    const lt = markup.indexOf('<', pos);
    if (lt < 0) {
      visit({ kind: 'text', start: pos, end: markup.length });
      return -1;
    }
    const next = markup.charCodeAt(lt + 1);
    const isEnd = next === 47;
    const nameStart = isEnd ? lt + 2 : lt + 1;
    if (next === 33 || next === 63) {
      if (lt > pos && visit({ kind: 'text', start: pos, end: lt }) === false) return -1;
      const isComment = markup.startsWith('<!--', lt);
      const close = isComment ? markup.indexOf('-->', lt + 4) : markup.indexOf('>', lt + 2);
      const end = close < 0 ? markup.length : close + (isComment ? 3 : 1);
      if (visit({ kind: 'other', start: lt, end }) === false) return -1;
      pos = end;
      continue;
    }
    if (!isLetter(markup.charCodeAt(nameStart))) {
      // A `<` that starts no tag is text.
      if (visit({ kind: 'text', start: pos, end: lt + 1 }) === false) return -1;
      pos = lt + 1;
      continue;
    }
    if (lt > pos && visit({ kind: 'text', start: pos, end: lt }) === false) return -1;
    let nameEnd = nameStart;
    while (nameEnd < markup.length && !endsName(markup.charCodeAt(nameEnd))) nameEnd += 1;
    const name = markup.slice(nameStart, nameEnd).toLowerCase();
    const { end, attrsEnd, isSelfClosing } = tagEnd(markup, nameEnd);
    if (visit({ kind: 'tag', name, isEnd, isSelfClosing, start: lt, end, attrsStart: nameEnd, attrsEnd }) === false) return -1;
    pos = end;
    if (!isEnd && !isSelfClosing && RAW_TEXT.has(name)) {
      const close = findEndTag(markup, name, pos);
      const textEnd = close < 0 ? markup.length : close;
      if (textEnd > pos && visit({ kind: 'text', start: pos, end: textEnd }) === false) return -1;
      pos = textEnd;
    }
  }
  return pos < markup.length ? pos : -1;
}

/** The raw value of attribute `name` in a tag's attribute text (undecoded), or null. */
export function rawAttribute(attrs: string, name: string): string | null {
  let i = 0;
  while (i < attrs.length) {
    while (i < attrs.length && (isSpace(attrs.charCodeAt(i)) || attrs.charCodeAt(i) === 47)) i += 1;
    const start = i;
    while (i < attrs.length && !isSpace(attrs.charCodeAt(i)) && attrs.charCodeAt(i) !== 61 && attrs.charCodeAt(i) !== 47) i += 1;
    const attrName = attrs.slice(start, i).toLowerCase();
    while (i < attrs.length && isSpace(attrs.charCodeAt(i))) i += 1;
    let value = '';
    if (attrs.charCodeAt(i) === 61) {
      i += 1;
      while (i < attrs.length && isSpace(attrs.charCodeAt(i))) i += 1;
      const quote = attrs.charCodeAt(i);
      if (quote === 34 || quote === 39) {
        const close = attrs.indexOf(quote === 34 ? '"' : "'", i + 1);
        const valueEnd = close < 0 ? attrs.length : close;
        value = attrs.slice(i + 1, valueEnd);
        i = valueEnd + 1;
      } else {
        const valueStart = i;
        while (i < attrs.length && !isSpace(attrs.charCodeAt(i))) i += 1;
        value = attrs.slice(valueStart, i);
      }
    }
    if (attrName === name) return value;
    if (i === start) i += 1;
  }
  return null;
}
