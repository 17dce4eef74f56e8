/** The per-phase table of `npm run faults`, and what makes the run fail. */
import type { LoadResult } from '../bench/load';

export interface PhaseResult {
  name: string;
  /** What the note service did during the phase, in words. */
  fault: string;
  load: LoadResult;
  isAlive: boolean;
  /** Recovery phases: ms from the service being back to the first 200 of a never-requested note (Infinity: none in the phase). */
  recoveryMs: number | null;
}

/** Recovery is bounded by the adapter's breaker cool-down (5 s): a probe goes out at most that long after the service returns. */
export const RECOVERY_LIMIT_MS = 5000;

const COUNTED = ['200', '304', '404', '410', '503'];

function count(result: LoadResult, match: (code: string) => boolean): number {
  return Object.entries(result.statuses).filter(([code]) => match(code)).reduce((sum, [, n]) => sum + n, 0);
}

/** Answers that are a server error other than the 503 a failing note service is allowed to cause. */
export function serverErrors(result: LoadResult): number {
  return count(result, (code) => code.startsWith('5') && code !== '503');
}

export function failures(results: readonly PhaseResult[]): string[] {
  return results.flatMap((r) => [
    ...(serverErrors(r.load) > 0 ? [`${r.name}: ${serverErrors(r.load)} answers were a 5xx other than 503`] : []),
    ...(r.isAlive ? [] : [`${r.name}: the function process died`]),
    ...(r.recoveryMs !== null && r.recoveryMs > RECOVERY_LIMIT_MS ? [`${r.name}: recovery took ${r.recoveryMs.toFixed(0)} ms (limit ${RECOVERY_LIMIT_MS} ms)`] : []),
  ]);
}

export function markdownTable(results: readonly PhaseResult[]): string {
  const header = ['Phase', 'Note service', 'req/s', 'p50 ms', 'p99 ms', ...COUNTED, '5xx other', 'other / socket errors', 'Function alive', 'Time to recovery'];
  const rows = results.map((r) => [
    r.name,
    r.fault,
    r.load.rps.toFixed(0),
    String(r.load.latencyP50),
    String(r.load.latencyP99),
    ...COUNTED.map((code) => String(r.load.statuses[code] ?? 0)),
    String(serverErrors(r.load)),
    String(count(r.load, (code) => !COUNTED.includes(code) && !code.startsWith('5')) + r.load.errors),
    r.isAlive ? 'yes' : '**NO**',
    r.recoveryMs === null ? '' : Number.isFinite(r.recoveryMs) ? `${r.recoveryMs.toFixed(0)} ms` : '**none within the phase**',
  ]);
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
