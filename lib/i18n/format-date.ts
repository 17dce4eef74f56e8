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

/** The date of an ISO timestamp, in UTC, spelled out for `lang`; '' for an unparseable timestamp. */
export function formatLongDate(iso: string, lang: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : formatterFor(lang).format(date);
}
