/**
 * ENEX timestamps are `yyyymmddThhmmssZ` (UTC), but exports also carry padding, ISO-8601 extended
 * form and invalid values. Returns ISO-8601 or null ("unknown"); the Unix epoch placeholder that
 * some exporters write for "no date" (exactly 0) also counts as unknown.
 */
export function parseEnexDate(raw: string | null | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  const basic = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  const iso = basic ? `${basic[1]}-${basic[2]}-${basic[3]}T${basic[4]}:${basic[5]}:${basic[6]}Z` : value;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(iso)) return null;
  const time = Date.parse(iso);
  if (Number.isNaN(time) || time === 0 || time < Date.UTC(1900, 0, 1) || time > Date.UTC(2200, 0, 1)) return null;
  return new Date(time).toISOString();
}
