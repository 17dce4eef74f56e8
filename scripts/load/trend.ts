/** Least-squares trend of memory samples, with a 95% confidence interval on the slope. */

export interface Trend {
  /** Units of y per unit of x. */
  slope: number;
  intercept: number;
  /** 95% confidence bounds of the slope (infinite with fewer than three points). */
  low: number;
  high: number;
  n: number;
}

/** Two-sided 95% Student t quantiles for 1..30 degrees of freedom; beyond, the normal 1.96. */
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function fitTrend(points: ReadonlyArray<{ x: number; y: number }>): Trend {
  const n = points.length;
  if (n < 2) return { slope: Number.NaN, intercept: Number.NaN, low: -Infinity, high: Infinity, n };
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - meanX) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - meanX) * (p.y - meanY), 0);
  if (sxx === 0) return { slope: Number.NaN, intercept: Number.NaN, low: -Infinity, high: Infinity, n };
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  if (n < 3) return { slope, intercept, low: -Infinity, high: Infinity, n };
  const residuals = points.reduce((s, p) => s + (p.y - (intercept + slope * p.x)) ** 2, 0);
  const standardError = Math.sqrt(residuals / (n - 2) / sxx);
  const t = T95[n - 3] ?? 1.96;
  return { slope, intercept, low: slope - t * standardError, high: slope + t * standardError, n };
}
