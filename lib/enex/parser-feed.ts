import type { SaxesParser } from 'saxes';

/** `<data>` or `<data attr="...">`: where a resource's base64 text starts. */
const DATA_START_TAG = /<data(?:\s[^<>]*)?>/g;
/** A chunk that ends part-way through `<data ...` is held back so the tag is split on whole. */
const PARTIAL_DATA_TAG = /^<(?:d(?:a(?:t(?:a(?:\s[^<>]*)?)?)?)?)?$/;
/** Longer partial tags are not worth holding back: the data then goes through the parser (slower, same bytes). */
const MAX_CARRY = 1024;

function countLineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

/**
 * Writes text into saxes so that a resource's `<data>` never piles up inside the parser. saxes
 * buffers a whole text node in one string before it hands it over, so a 50 MB attachment cost
 * ~7x its size in memory, and one over ~400 MB crashed the import with V8's "Invalid string
 * length" (saxes would join more than 2^29 characters). Here the input is split right after each
 * `<data ...>` start tag; when the parser confirms it opened a resource's `<data>` exactly there,
 * the text that follows, up to the next `<` or `&`, goes straight to the base64 decoder, and
 * anything else (`</data>`, CDATA, entities) goes through the parser as before.
 *
 * It also measures how much the parser holds without emitting an event (one token: a text node,
 * a CDATA section, a tag with its attributes), so the reader can stop before that grows without
 * bound.
 */
export class ParserFeed {
  private carry = '';
  private written = 0;
  private lastEventAt = 0;
  private armed: { sink: (text: string) => void; at: number } | null = null;
  private sink: ((text: string) => void) | null = null;

  constructor(private readonly parser: SaxesParser) {}

  /** From the opentag handler of a resource's (not self-closing) `<data>`: its text may skip the parser. */
  streamTextTo(sink: (text: string) => void): void {
    this.armed = { sink, at: this.parser.position };
  }

  /** From every parser event: whatever the parser buffered has been handed over. */
  sawEvent(): void {
    this.lastEventAt = this.parser.position;
  }

  /** Characters the parser holds in its current token (an upper bound). */
  get bufferedChars(): number {
    return this.written - this.lastEventAt;
  }

  write(text: string): void {
    const all = this.carry + text;
    this.carry = '';
    let from = 0;
    for (const match of all.matchAll(DATA_START_TAG)) {
      const end = match.index + match[0].length;
      this.writePiece(all.slice(from, end));
      from = end;
    }
    let rest = all.slice(from);
    const lastTag = rest.lastIndexOf('<');
    const tail = lastTag === -1 ? '' : rest.slice(lastTag);
    if (tail !== '' && tail.length <= MAX_CARRY && PARTIAL_DATA_TAG.test(tail)) {
      this.carry = tail;
      rest = rest.slice(0, rest.length - tail.length);
    }
    this.writePiece(rest);
  }

  /** Flushes what was held back; call before closing the parser. */
  end(): void {
    const rest = this.carry;
    this.carry = '';
    this.writePiece(rest);
  }

  private writePiece(piece: string): void {
    let rest = piece;
    if (this.sink) {
      const stop = rest.search(/[<&]/);
      const head = stop === -1 ? rest : rest.slice(0, stop);
      this.sink(head);
      // The parser still sees the line breaks, so its line numbers in later error messages stay right.
      const lines = countLineBreaks(head);
      if (lines > 0) this.parserWrite('\n'.repeat(lines));
      if (stop === -1) return;
      this.sink = null;
      rest = rest.slice(stop);
    }
    if (rest === '') return;
    this.parserWrite(rest);
    // saxes reports the position just past the `>` while it handles the start tag: when that is
    // the end of what it was given, the next input is the data's text and nothing is buffered.
    if (this.armed?.at === this.written) this.sink = this.armed.sink;
    this.armed = null;
  }

  private parserWrite(text: string): void {
    this.written += text.length;
    // saxes reports every bad character as a new Error, and capturing its stack trace (async frames
    // included) took ~7 us: a note of 5 MB of garbage took 28 s. The reader only keeps messages.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      this.parser.write(text);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }
}
