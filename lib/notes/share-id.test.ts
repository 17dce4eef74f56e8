import { describe, expect, it } from 'vitest';
import { isShareId, newNoteId, newShareId } from './share-id';

describe('new ids never start with "-" (a command line would read them as options)', () => {
  it.each([
    ['share id', newShareId, 22],
    ['note id', newNoteId, 11],
  ] as const)('%s: 5,000 draws, all base64url of the right length, none with a leading dash', (_, make, length) => {
    const ids = Array.from({ length: 5000 }, make);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]*$/);
      expect(id).toHaveLength(length);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['an old share id with a leading dash', '-AbCdEfGhIjKlMnOpQrStU', true],
    ['a new-style share id', 'AbCdEfGhIjKlMnOpQrStU-', true],
    ['too short', '-AbCdEf', false],
    ['a slash', 'AbCdEfGhIjKlMnOpQrSt/U', false],
  ])('isShareId still accepts what was valid: %s', (_, id, valid) => {
    expect(isShareId(id)).toBe(valid);
  });
});
