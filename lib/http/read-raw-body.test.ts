import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRawBody, TOO_LARGE } from './read-raw-body';

/** A request stand-in: a byte stream plus headers (all readRawBody touches). */
function request(chunks: Buffer[], headers: Record<string, string> = {}): IncomingMessage {
  return Object.assign(Readable.from(chunks), { headers }) as unknown as IncomingMessage;
}

describe('readRawBody', () => {
  const utf8 = Buffer.from('{"title":"笔记 ✓"}');
  const cases: Array<{ name: string; chunks: Buffer[]; headers?: Record<string, string>; max: number; expected: Buffer | typeof TOO_LARGE }> = [
    { name: 'an empty body', chunks: [], max: 10, expected: Buffer.alloc(0) },
    { name: 'bytes exactly as sent, multi-byte characters split across chunks', chunks: [utf8.subarray(0, 12), utf8.subarray(12)], max: 100, expected: utf8 },
    { name: 'a body exactly at the cap', chunks: [Buffer.alloc(10, 1)], max: 10, expected: Buffer.alloc(10, 1) },
    { name: 'a body one byte over the cap', chunks: [Buffer.alloc(6), Buffer.alloc(5)], max: 10, expected: TOO_LARGE },
    { name: 'a lying Content-Length below the real size', chunks: [Buffer.alloc(50)], headers: { 'content-length': '5' }, max: 10, expected: TOO_LARGE },
  ];

  it.each(cases)('$name', async ({ chunks, headers, max, expected }) => {
    expect(await readRawBody(request(chunks, headers), max)).toEqual(expected);
  });

  it('refuses a declared Content-Length over the cap before buffering anything', async () => {
    const req = request([Buffer.alloc(1000)], { 'content-length': '1000' });
    expect(await readRawBody(req, 10)).toBe(TOO_LARGE);
  });
});
