import { describe, expect, it } from 'vitest';
import { clipText, withoutForbiddenChars } from './text-limits';

describe('withoutForbiddenChars', () => {
  it.each([
    ['plain text', 'Field notes', 'Field notes'],
    ['CJK and emoji pairs', '周末 👨‍👩‍👧 🏳️‍🌈 é́', '周末 👨‍👩‍👧 🏳️‍🌈 é́'],
    ['tab, line feed, form feed, carriage return', 'a\tb\nc\fd\re', 'a\tb\nc\fd\re'],
    ['C0 controls', 'a\u0000b\u0001c\u0008d\u000be\u001bf\u001f', 'abcdef'],
    ['DEL and C1 controls', 'a\u007fb\u0080c\u0085d\u009f', 'abcd'],
    ['BMP noncharacters', 'a\ufdd0b\ufdefc\ufffed\uffff', 'abcd'],
    ['astral noncharacters (U+1FFFE, U+10FFFF)', 'a\ud83f\udffeb\udbff\udfff', 'ab'],
    ['astral characters beside them stay', '\ud83f\udffd\ud83d\ude00', '\ud83f\udffd\ud83d\ude00'],
    ['lone high and low surrogates', 'a\ud800b\udc00c\ud83d', 'abc'],
    ['formatting characters stay (they are allowed)', 'RTL \u202eevil\u202c \u200d \ufeff', 'RTL \u202eevil\u202c \u200d \ufeff'],
  ])('%s', (_name, input, expected) => {
    expect(withoutForbiddenChars(input)).toBe(expected);
  });

  it('answers the same string when there is nothing to remove, and is not thrown by repeated calls', () => {
    const text = 'x'.repeat(1000);
    for (let i = 0; i < 3; i += 1) expect(withoutForbiddenChars(text)).toBe(text);
    for (let i = 0; i < 3; i += 1) expect(withoutForbiddenChars('a\u0001b')).toBe('ab');
  });
});

describe('clipText', () => {
  it('never ends in half a surrogate pair', () => {
    expect(clipText('ab😀', 3)).toBe('ab');
    expect(clipText('abc', 3)).toBe('abc');
  });
});
