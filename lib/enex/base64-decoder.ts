import { createHash, type Hash } from 'node:crypto';

/**
 * Incremental base64 decoder for `<resource><data>`: the text arrives in pieces (ParserFeed hands
 * over whatever each read of the file holds), may contain line breaks anywhere, and can be
 * hundreds of megabytes, so it is decoded and hashed as it streams instead of being joined into
 * one string first. A piece may end anywhere, even between the two `=` of the padding.
 */
export class Base64Decoder {
  /** Fewer than four characters (including any padding) waiting for the rest of their quad. */
  private pending = '';
  private readonly chunks: Buffer[] = [];
  private readonly md5: Hash = createHash('md5');
  private size = 0;
  private padding = 0;
  private invalid = false;
  private tooLarge = false;

  /** `maxBytes`: beyond it the bytes are dropped as they arrive and `isTooLarge` turns true. */
  constructor(private readonly maxBytes = Number.POSITIVE_INFINITY) {}

  get isTooLarge(): boolean {
    return this.tooLarge;
  }

  write(text: string): void {
    if (this.invalid || this.tooLarge) return;
    const clean = text.replace(/\s+/g, '');
    if (clean === '') return;
    // After the first `=` only more padding may follow, and never more than two in all.
    const shape = this.padding > 0 ? /^=+$/ : /^[A-Za-z0-9+/]*=*$/;
    const padding = this.padding + clean.length - clean.replace(/=+$/, '').length;
    if (!shape.test(clean) || padding > 2) {
      this.invalid = true;
      return;
    }
    this.padding = padding;
    const all = this.pending + clean;
    const usable = all.length - (all.length % 4);
    this.pending = all.slice(usable);
    if (usable > 0) this.push(Buffer.from(all.slice(0, usable), 'base64'));
  }

  /** The decoded bytes and their MD5, or null when the text was not valid base64 (or too large). */
  finish(): { data: Buffer; hash: string } | null {
    // Unpadded base64 may end with 2 or 3 characters; padded base64 must end on a whole quad.
    if (this.invalid || this.tooLarge || this.pending.length === 1 || (this.padding > 0 && this.pending !== '')) return null;
    if (this.pending.length > 0) this.push(Buffer.from(this.pending, 'base64'));
    this.pending = '';
    if (this.tooLarge) return null;
    return { data: Buffer.concat(this.chunks, this.size), hash: this.md5.digest('hex') };
  }

  private push(chunk: Buffer): void {
    if (this.size + chunk.length > this.maxBytes) {
      this.tooLarge = true;
      this.chunks.length = 0;
      return;
    }
    this.chunks.push(chunk);
    this.md5.update(chunk);
    this.size += chunk.length;
  }
}
