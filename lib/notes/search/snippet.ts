import { queryTerms } from './search-terms';

/** One run of snippet text; `isMatch` runs are what the reader searched for. */
export interface SnippetSegment {
  text: string;
  isMatch: boolean;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Case-insensitive matcher of any query term (longest first, so "notebook" wins over "note"). */
function termPattern(query: string): RegExp | null {
  const terms = queryTerms(query).sort((a, b) => b.length - a.length);
  return terms.length > 0 ? new RegExp(terms.map(escapeRegExp).join('|'), 'giu') : null;
}

/** Characters of context kept before the first match. */
const LEAD = 30;

/**
 * A plain-text excerpt of `text` (at most `maxChars` characters) around the first match of the
 * query, with an ellipsis where it was cut; the start of the text when nothing matches (a title hit).
 */
export function buildSnippet(text: string, query: string, maxChars = 160): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  const pattern = termPattern(query);
  const at = pattern ? text.search(pattern) : -1;
  let start = at <= 0 ? 0 : Math.max(0, Array.from(text.slice(0, at)).length - LEAD);
  start = Math.min(start, chars.length - maxChars);
  const body = chars.slice(start, start + maxChars).join('').trim();
  return `${start > 0 ? '…' : ''}${body}${start + maxChars < chars.length ? '…' : ''}`;
}

/** Splits text into plain and matching runs for highlighting (rendered by React, so escaped). */
export function highlightSegments(text: string, query: string): SnippetSegment[] {
  const pattern = termPattern(query);
  if (!pattern) return [{ text, isMatch: false }];
  const segments: SnippetSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index;
    if (match[0] === '') continue;
    if (index > last) segments.push({ text: text.slice(last, index), isMatch: false });
    segments.push({ text: match[0], isMatch: true });
    last = index + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), isMatch: false });
  return segments;
}
