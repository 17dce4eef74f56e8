import { describe, expect, it } from 'vitest';
import { noteSearchText } from './search-index';

describe('noteSearchText', () => {
  it.each([
    ['a short note: all of it', '<p>needle in a short note</p>', true],
    ['a note at the content limit: its beginning', `<p>needle first</p><p>${'word '.repeat(1_000_000)}</p>`, true],
    ['past what a page shows: not indexed (not parsed either)', `<p>${'word '.repeat(500_000)}</p><p>needle at the end</p>`, false],
    ['past the node limit: not indexed', `${'<br/>'.repeat(30_000)}<p>needle</p>`, false],
  ])('%s', (_name, body, isFound) => {
    const text = noteSearchText(`<en-note>${body}</en-note>`);
    expect(text.includes('needle')).toBe(isFound);
    expect(text.length).toBeLessThanOrEqual(2_000_000);
  });

  it('never indexes cipher text', () => {
    expect(noteSearchText('<en-note><p>a</p><en-crypt hint="h">U0VDUkVU</en-crypt><p>b</p></en-note>')).toBe('a b');
  });
});
