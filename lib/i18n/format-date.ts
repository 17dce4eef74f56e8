/**
 * Long dates ("2026年3月12日", "March 12, 2026") in a note's language. Building an
 * Intl.DateTimeFormat is far dearer than using one: per render it was ~8% of an uncached note
 * page's CPU (two dates a page), so formatters are kept per language. Languages come from notes,
 * so the map is bounded; a tag Intl rejects falls back to English.
 */
const MAX_FORMATTERS = 64;
const formatters = new Map<string, Intl.DateTimeFormat>();
const OPTIONS: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };

function formatterFor(lang: string): Intl.DateTimeFormat {
  let formatter = formatters.get(lang);
  if (formatter) return formatter;
  try {
    formatter = new Intl.DateTimeFormat(lang, OPTIONS);
  } catch {
    formatter = new Intl.DateTimeFormat('en', OPTIONS);
  }
  if (formatters.size >= MAX_FORMATTERS) formatters.clear();
  formatters.set(lang, formatter);
  return formatter;
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const english = (date: Date): string => `${EN_MONTHS[date.getUTCMonth()] ?? ''} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
const cjk = (date: Date): string => `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`;

/**
 * The site's languages and their neighbours, spelt as Intl spells them, without Intl: the first
 * Intl.DateTimeFormat a process builds costs 20-30 ms of CPU (ICU loads its date data), on the
 * first note, explore or notebook page of every new function instance. format-date.test.ts holds
 * each one to Intl's answer over every month and a spread of years. Other tags go to Intl.
 */
const SPELLED = new Map<string, (date: Date) => string>([
  ...['en', 'en-US'].map((tag) => [tag, english] as const),
  ...['zh', 'zh-CN', 'zh-Hans', 'zh-Hans-CN', 'zh-SG', 'zh-TW', 'zh-Hant', 'zh-HK', 'ja', 'ja-JP'].map((tag) => [tag, cjk] as const),
]);
/** Years Intl writes as plain digits (it writes no era or sign between these). */
const SPELLED_YEARS = { from: 1, to: 9999 } as const;

/** The date of an ISO timestamp, in UTC, spelled out for `lang`; '' for an unparseable timestamp. */
export function formatLongDate(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const spell = SPELLED.get(lang);
  const year = date.getUTCFullYear();
  if (spell && year >= SPELLED_YEARS.from && year <= SPELLED_YEARS.to) return spell(date);
  return formatterFor(lang).format(date);
}
