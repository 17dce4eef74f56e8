import type { IncomingMessage } from 'node:http';

/** The body was larger than allowed: the caller answers 413 without having buffered it. */
export const TOO_LARGE = Symbol('too-large');

/**
 * Reads a request body as raw bytes (a signature covers the exact bytes), refusing more than
 * `maxBytes`: a declared Content-Length over the cap is refused before reading anything, and a body
 * that grows past it while streaming stops being buffered at once.
 */
export function readRawBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | typeof TOO_LARGE> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve(TOO_LARGE);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        // Keep draining (and dropping) what is still in flight so the 413 can be written.
        req.resume();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (size <= maxBytes) resolve(Buffer.concat(chunks, size));
    });
    req.once('error', reject);
  });
}
