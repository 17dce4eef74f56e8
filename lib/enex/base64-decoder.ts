import { createHash, type Hash } from 'node:crypto';

/**
 * Incremental base64 decoder for `<resource><data>`: the text arrives in pieces, may contain line
 * breaks anywhere, and can be hundreds of megabytes, so it is decoded and hashed as it streams
 * instead of being joined into one string first.
 */
export class Base64Decoder {
  private pending = '';
  private readonly chunks: Buffer[] = [];
  private readonly md5: Hash = createHash('md5');
  private size = 0;
  private invalid = false;
  private sawPadding = false;

  write(text: string): void {
    if (this.invalid) return;
    const clean = text.replace(/[\s]+/g, '');
    if (clean === '') return;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || (this.sawPadding && clean.length > 0)) {
      this.invalid = true;
      return;
    }
    if (clean.includes('=')) this.sawPadding = true;
    const all = this.pending + clean;
    if (this.sawPadding && all.length % 4 !== 0) {
      this.invalid = true;
      return;
    }
    const usable = all.length - (all.length % 4);
    this.pending = all.slice(usable);
    if (usable > 0) this.push(Buffer.from(all.slice(0, usable), 'base64'));
  }

  /** The decoded bytes and their MD5, or null when the text was not valid base64. */
  finish(): { data: Buffer; hash: string } | null {
    if (this.invalid || this.pending.length % 4 === 1) return null;
    if (this.pending.length > 0) this.push(Buffer.from(this.pending, 'base64'));
    this.pending = '';
    return { data: Buffer.concat(this.chunks, this.size), hash: this.md5.digest('hex') };
  }

  private push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.md5.update(chunk);
    this.size += chunk.length;
  }
}
