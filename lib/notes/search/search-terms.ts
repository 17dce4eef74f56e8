import { withoutForbiddenChars } from '../text-limits';
/**
 * Tokenisation for notebook search. Chinese (and Japanese, Korean) runs have no spaces between
 * words, and SQLite's tokenizers either take a whole run as one token (unicode61) or need three
 * characters (trigram), while most Chinese words are two. So CJK runs are indexed as overlapping
 * bigrams (每个 -> "每个"), plus the run's last character alone, and everything else is left to
 * FTS5's unicode61 tokenizer (case- and accent-folded words). Pure: no I/O.
 */

const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const IS_CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Most matches a search counts and pages through. A reader does not page past a few dozen
 * results (they refine the query), and counting is the part of a search that grows with the
 * notebook: capping it bounds every search's cost, however common its words.
 */
export const MAX_SEARCH_RESULTS = 200;

/** Longest query searched (characters, after trimming); the rest is dropped. Bounds a search's cost. */
export const MAX_QUERY_CHARS = 100;
/** Terms beyond this are ignored: each term is one more posting list to intersect. */
export const MAX_QUERY_TERMS = 8;

function bigrams(run: string): string {
  const chars = Array.from(run);
  if (chars.length === 1) return chars[0] as string;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i += 1) grams.push(`${chars[i]}${chars[i + 1]}`);
  // The last character alone, so a one-character query (prefix match) finds it at the end of a run too.
  grams.push(chars[chars.length - 1] as string);
  return grams.join(' ');
}

/** Text as it is stored in the full-text index: CJK runs as bigrams, the rest as it is. */
export function toIndexText(text: string): string {
  return text.normalize('NFKC').replace(CJK_RUN, (run) => ` ${bigrams(run)} `);
}

/** The query as the reader typed it, bounded and normalised: what the page shows and links to. */
export function normalizeQuery(raw: string): string {
  return Array.from(withoutForbiddenChars(raw.normalize('NFKC').replace(/[\s\u0000-\u001f]+/g, ' ')).trim()).slice(0, MAX_QUERY_CHARS).join('').trim();
}

/** The words of a query: split at spaces and punctuation, and where CJK meets other script. */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  for (const chunk of normalizeQuery(query).toLowerCase().split(/[\s\p{P}\p{S}]+/u)) {
    for (const piece of chunk.split(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)/u)) {
      if (piece !== '' && !terms.includes(piece)) terms.push(piece);
    }
  }
  return terms.slice(0, MAX_QUERY_TERMS);
}

const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/**
 * An FTS5 MATCH expression that finds notes containing every term: CJK terms as a phrase of their
 * bigrams (a one-character term as a prefix), other terms as a prefix when 3+ characters long.
 * Every term is quoted, so nothing a reader types is FTS5 syntax (no OR, NEAR, column filters).
 * Null when the query has no searchable term.
 */
export function toMatchExpression(query: string): string | null {
  const parts = queryTerms(query).map((term) => {
    if (IS_CJK.test(term)) {
      const chars = Array.from(term);
      if (chars.length === 1) return `${quote(term)}*`;
      const grams: string[] = [];
      for (let i = 0; i + 1 < chars.length; i += 1) grams.push(`${chars[i]}${chars[i + 1]}`);
      return quote(grams.join(' '));
    }
    return Array.from(term).length >= 3 ? `${quote(term)}*` : quote(term);
  });
  return parts.length > 0 ? parts.join(' AND ') : null;
}
