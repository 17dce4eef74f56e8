/**
 * The soak's memory samples: the server's own process.memoryUsage() after a forced full GC (from
 * the bench-only /api/bench/memory route), so the figures are live memory rather than garbage
 * awaiting collection, and the verdict on their trend.
 */
import { httpGet } from '../bench/http';
import { fitTrend, type Trend } from './trend';

/**
 * Live JS heap may grow at most this fast. 5 MB/h is 120 MB a day: a warm SCF instance (256 MB,
 * ~165 MB RSS under load, instances stay warm for hours) would run out of headroom within a day,
 * while a leak of even 100 bytes per request grows ~70 MB/h at this load (~200 requests a second).
 */
export const HEAP_LIMIT_MB_PER_HOUR = 5;
/**
 * RSS also holds native memory (SQLite's page cache, statements, zlib) and moves in allocator-sized
 * steps that are rarely given back, so it is noisier: a wider margin, for native leaks only.
 */
export const RSS_LIMIT_MB_PER_HOUR = 20;

export interface MemorySample {
  /** Seconds since the load started. */
  at: number;
  /** The last sample is taken once the load has stopped: shown, but not part of the trend. */
  duringLoad: boolean;
  heapUsed: number;
  /** What V8 has reserved for its heap: RSS can grow with it while live heap stays flat. */
  heapTotal: number;
  external: number;
  rss: number;
  gc: boolean;
}

export async function sampleMemory(baseUrl: string, at: number, duringLoad = true): Promise<MemorySample> {
  // A new connection per sample (httpGet uses no agent): a pooled keep-alive socket idle for a
  // whole sampling interval may already be closed by the server, and the sample would fail.
  const res = await httpGet(`${baseUrl}/api/bench/memory`);
  if (res.status !== 200) throw new Error(`/api/bench/memory answered ${res.status} (is BENCH_ROUTES=true?)`);
  const body = JSON.parse(res.body.toString('utf8')) as { gc: boolean; heapUsed: number; heapTotal: number; external: number; rss: number };
  return { at, duringLoad, heapUsed: body.heapUsed, heapTotal: body.heapTotal, external: body.external, rss: body.rss, gc: body.gc };
}

export interface MemoryVerdict {
  /** Trends in MB per hour over the samples after the warm-up, and over the later half of those. */
  heap: Trend;
  heapLate: Trend;
  rss: Trend;
  rssLate: Trend;
  failures: string[];
}

/**
 * Fits MB-per-hour trends after the warm-up. "Clearly upward" takes two things: the whole 95%
 * interval of the slope lies above the limit (a noisy series does not fail on its point estimate,
 * and a short run, with its wide interval, fails only on a steep climb), and the later half of the
 * samples still climbs faster than the limit: memory that grew once and then stayed (a step when a
 * rarely used code path first runs, a bounded cache filling up) is not a leak; a leak keeps growing.
 */
export function judgeMemory(samples: readonly MemorySample[], warmupSeconds: number): MemoryVerdict {
  const settled = samples.filter((s) => s.duringLoad && s.at >= warmupSeconds);
  const late = settled.slice(Math.floor(settled.length / 2));
  const trend = (points: readonly MemorySample[], value: (s: MemorySample) => number): Trend =>
    fitTrend(points.map((s) => ({ x: s.at / 3600, y: value(s) / 1024 / 1024 })));
  const verdict = {
    heap: trend(settled, (s) => s.heapUsed),
    heapLate: trend(late, (s) => s.heapUsed),
    rss: trend(settled, (s) => s.rss),
    rssLate: trend(late, (s) => s.rss),
    failures: [] as string[],
  };
  if (samples.some((s) => !s.gc)) verdict.failures.push('the server ran without --expose-gc: samples include garbage');
  if (settled.length < 4) verdict.failures.push(`only ${settled.length} samples after the ${warmupSeconds} s warm-up: no trend (lengthen --duration or shorten --sample-every)`);
  const judge = (label: string, all: Trend, later: Trend, limit: number): void => {
    if (all.low > limit && later.slope > limit) {
      verdict.failures.push(`${label} grows ${all.slope.toFixed(1)} MB/h (95% CI ${all.low.toFixed(1)}–${all.high.toFixed(1)}; later half ${later.slope.toFixed(1)} MB/h), over ${limit} MB/h`);
    }
  };
  judge('live heap', verdict.heap, verdict.heapLate, HEAP_LIMIT_MB_PER_HOUR);
  judge('RSS', verdict.rss, verdict.rssLate, RSS_LIMIT_MB_PER_HOUR);
  return verdict;
}
