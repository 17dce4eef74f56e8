/** Summaries and number formatting for the benchmark table. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, n: sorted.length };
}

/** A number with about three significant digits, thousands separated. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `median (min–max, n=N)` */
export function range(s: Summary, unit = ''): string {
  if (s.n === 0) return 'n/a';
  const u = unit ? ` ${unit}` : '';
  return `${num(s.median)}${u} (${num(s.min)}–${num(s.max)}, n=${s.n})`;
}

export function ratio(ours: number, base: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(base) || base === 0) return 'n/a';
  return `${(ours / base).toFixed(2)}x`;
}

export function mb(bytes: number): string {
  return `${num(bytes / 1024 / 1024)} MB`;
}

export function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${num(bytes / 1024)} KB`;
}
