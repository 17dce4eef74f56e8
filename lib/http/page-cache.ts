import type { ServerResponse } from 'node:http';

/**
 * A small, bounded cache of rendered note pages, keyed by URL and ETag (note version + build), so a
 * note requested again skips rendering. Bounded by entry count and bytes because warm serverless
 * instances live for hours; least recently used entries go first. Per instance only: correctness
 * never depends on it, since every request still reads the note's current version from the store.
 */
export class PageCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxEntries: number, private readonly maxBytes: number) {}

  get(key: string): Buffer | undefined {
    const body = this.entries.get(key);
    if (body) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(key);
      this.entries.set(key, body);
    }
    return body;
  }

  set(key: string, body: Buffer): void {
    if (this.maxEntries === 0 || body.length > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.length;
    }
    this.entries.set(key, body);
    this.bytes += body.length;
    for (const [oldest, value] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= value.length;
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

/**
 * Hands the body of a 200 response to `onBody` when the framework ends the response with it in
 * one piece (Next.js does for pages it renders to a string). Streamed or non-200 responses are
 * simply not captured.
 */
export function captureBody(res: ServerResponse, onBody: (body: Buffer) => void): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    res.end = end as ServerResponse['end'];
    const [chunk] = args;
    if (res.statusCode === 200 && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) onBody(Buffer.from(chunk));
    return end(...args);
  }) as ServerResponse['end'];
}
