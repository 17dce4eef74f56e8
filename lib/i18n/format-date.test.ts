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

  const SPELLED_TAGS = ['en', 'en-US', 'zh', 'zh-CN', 'zh-Hans', 'zh-Hans-CN', 'zh-SG', 'zh-TW', 'zh-Hant', 'zh-HK', 'ja', 'ja-JP'];
  const YEARS = [1, 9, 99, 999, 1000, 1500, 1582, 1583, 1900, 1970, 1999, 2000, 2024, 2026, 2100, 9999];
  const intl = (tag: string): Intl.DateTimeFormat => new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

  it.each(SPELLED_TAGS)('spells %s as Intl does, every month, first and last days, across the years', (tag) => {
    const format = intl(tag);
    for (const year of YEARS) {
      for (let month = 0; month < 12; month += 1) {
        for (const day of [1, 9, 10, 28]) {
          const date = new Date(Date.UTC(2000, month, day));
          date.setUTCFullYear(year);
          const iso = date.toISOString();
          expect(formatLongDate(iso, tag), iso).toBe(format.format(date));
          const late = new Date(date.getTime() + 86_399_000).toISOString();
          expect(formatLongDate(late, tag), late).toBe(format.format(new Date(late)));
        }
      }
    }
  });

  it.each([
    ['-000001-06-01T00:00:00Z', 'en'],
    ['0000-06-01T00:00:00Z', 'zh-CN'],
    ['+010000-06-01T00:00:00Z', 'en'],
    ['2026-03-12T08:00:00Z', 'en-GB'],
    ['2026-03-12T08:00:00Z', 'EN'],
    ['2026-03-12T08:00:00+08:00', 'zh-CN'],
  ])('%s in %s: as Intl spells it (years and tags it has no spelling for go to Intl)', (iso, tag) => {
    expect(formatLongDate(iso, tag)).toBe(intl(tag).format(new Date(iso)));
  });

  it('stays bounded when notes carry many languages', () => {
    for (let i = 0; i < 500; i += 1) expect(formatLongDate('2025-01-02T00:00:00Z', `en-x-${i}`)).toBe('January 2, 2025');
  });
});
