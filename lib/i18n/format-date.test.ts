import { describe, expect, it } from 'vitest';
import { formatLongDate } from './format-date';

describe('formatLongDate', () => {
  it.each([
    ['2026-03-12T08:00:00Z', 'zh-CN', '2026年3月12日'],
    ['2026-03-12T08:00:00Z', 'en', 'March 12, 2026'],
    // UTC, whatever the server's zone: late evening stays on its day.
    ['2026-03-12T23:59:59Z', 'en', 'March 12, 2026'],
    // A tag Intl refuses falls back to English instead of throwing in the middle of a render.
    ['2026-03-12T08:00:00Z', 'not a language!', 'March 12, 2026'],
    ['not a date', 'en', ''],
  ])('%s in %s -> %s', (iso, lang, expected) => {
    expect(formatLongDate(iso, lang)).toBe(expected);
  });

  it('gives the same answer from a kept formatter as from a new one', () => {
    const first = formatLongDate('2025-01-02T00:00:00Z', 'ja');
    expect(formatLongDate('2025-01-02T00:00:00Z', 'ja')).toBe(first);
    expect(first).toBe('2025年1月2日');
  });

  it('stays bounded when notes carry many languages', () => {
    for (let i = 0; i < 500; i += 1) expect(formatLongDate('2025-01-02T00:00:00Z', `en-x-${i}`)).toBe('January 2, 2025');
  });
});
