import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { garbageError, timeoutError } from './upstream-error';
import type { Check } from './validate';

/**
 * Reads a whole body, refusing it as soon as it passes `maxBytes` (a declared Content-Length too
 * large is refused before reading a byte). The socket is destroyed on refusal: it cannot be reused
 * with half a body left in it.
 */
export async function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length'] ?? NaN);
  if (declared > maxBytes) {
    res.destroy();
    throw garbageError(`body of ${declared} bytes is over the ${maxBytes} byte limit`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      res.destroy();
      throw garbageError(`body is over the ${maxBytes} byte limit`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export function hasContentType(res: IncomingMessage, mediaType: string): boolean {
  return (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === mediaType;
}

/** Reads a JSON body of the given media type and checks its shape. */
export async function readJson<T>(res: IncomingMessage, check: Check<T>, maxBytes: number): Promise<T> {
  if (!hasContentType(res, 'application/json')) {
    res.resume();
    throw garbageError(`content type "${res.headers['content-type'] ?? ''}" is not JSON`);
  }
  const body = await readBody(res, maxBytes);
  return check(JSON.parse(body.toString('utf8')) as unknown, '$');
}

/**
 * Parses an NDJSON body line by line as it arrives. `idleMs` bounds the wait for each chunk, not
 * the whole stream (a large shard may legitimately take longer than one call's timeout), and only
 * runs while we wait on the network, not while the consumer is busy. Every line must end in "\n":
 * a last line without one means the body was cut short.
 */
export async function* readNdjson<T>(res: IncomingMessage, check: Check<T>, idleMs: number, maxLineBytes: number): AsyncGenerator<T> {
  const chunks = (res as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  try {
    for (;;) {
      const timer = setTimeout(() => res.destroy(timeoutError(idleMs)), idleMs);
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } finally {
        clearTimeout(timer);
      }
      if (next.done) break;
      pending += decoder.write(next.value);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (Buffer.byteLength(pending) > maxLineBytes) throw garbageError(`line ${line + 1} is over ${maxLineBytes} bytes`);
      for (const text of lines) {
        line += 1;
        if (text.trim() === '') continue;
        yield check(JSON.parse(text) as unknown, `line ${line}`);
      }
    }
    if ((pending + decoder.end()).trim() !== '') throw garbageError('stream ended in the middle of a line');
  } finally {
    // A consumer that stops early (or a failure) leaves bytes unread: the socket cannot be reused.
    if (!res.complete) res.destroy();
  }
}
