import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Base64Decoder } from './base64-decoder';

/** Writes `pieces` one by one; returns the decoded bytes or null. */
function decode(pieces: string[], maxBytes?: number): { data: Buffer; hash: string; tooLarge: boolean } | null {
  const decoder = new Base64Decoder(maxBytes);
  for (const piece of pieces) decoder.write(piece);
  const out = decoder.finish();
  return out && { ...out, tooLarge: decoder.isTooLarge };
}

/** Every way to cut `text` in two: a file read can end anywhere, padding included. */
const cutsOf = (text: string): string[][] => Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);

describe('Base64Decoder', () => {
  it.each([
    ['no padding', 'QUJD', 'ABC'],
    ['one padding character', 'QUI=', 'AB'],
    ['two padding characters', 'QQ==', 'A'],
    ['line breaks and spaces anywhere', ' Q U\r\nJ D\n\tQ Q = = ', 'ABCA'],
    ['unpadded tail of two', 'QUJDQQ', 'ABCA'],
    ['unpadded tail of three', 'QUJDQUI', 'ABCAB'],
    ['nothing', '', ''],
  ])('decodes %s, however the text is cut', (_label, text, expected) => {
    for (const pieces of cutsOf(text)) {
      const out = decode(pieces);
      expect(out?.data.toString('latin1'), JSON.stringify(pieces)).toBe(expected);
      expect(out?.hash).toBe(createHash('md5').update(expected, 'latin1').digest('hex'));
    }
  });

  it.each([
    ['a character outside the alphabet', 'QU@D'],
    ['padding in the middle', 'QQ==QUJD'],
    ['padding in the middle of a quad', 'Q=JD'],
    ['three padding characters', 'QQ==='],
    ['a dangling single character', 'QUJDQ'],
    ['padding that ends short of a quad', 'QUJDQQ='],
    ['padding alone', '=='],
  ])('rejects %s, however the text is cut', (_label, text) => {
    for (const pieces of cutsOf(text)) expect(decode(pieces), JSON.stringify(pieces)).toBeNull();
  });

  it('drops the bytes and says so once they exceed the budget', () => {
    expect(decode(['QUJD', 'QUJD'], 6)?.data.toString()).toBe('ABCABC');
    const decoder = new Base64Decoder(5);
    decoder.write('QUJDQUJD');
    expect(decoder.finish()).toBeNull();
    expect(decoder.isTooLarge).toBe(true);
  });
});
