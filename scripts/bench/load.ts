/** Load generation with autocannon's programmatic API (it ships no types: the part we use is typed here). */
import { createRequire } from 'node:module';

interface AutocannonRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
  timeout?: number;
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number } | undefined>;
  requests: { average: number; total: number; sent: number };
  latency: { p50: number; p99: number; average: number };
  throughput: { average: number };
}

type Autocannon = (options: AutocannonOptions) => PromiseLike<AutocannonResult>;

const autocannon = createRequire(__filename)('autocannon') as Autocannon;

export interface LoadResult {
  /** Requests per second (autocannon's mean of its per-second samples). */
  rps: number;
  total: number;
  statuses: Record<string, number>;
  errors: number;
  latencyP50: number;
  latencyP99: number;
}

export interface LoadSpec {
  url: string;
  headers?: Record<string, string>;
  durationSec?: number;
  amount?: number;
  requests?: AutocannonRequest[];
  connections?: number;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections ?? 10,
    timeout: 30,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.durationSec ?? 5 }),
    ...(spec.headers ? { headers: spec.headers } : {}),
    ...(spec.requests ? { requests: spec.requests } : {}),
  });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats)) if (stat) statuses[code] = stat.count;
  return {
    rps: result.requests.average,
    total: result.requests.total,
    statuses,
    errors: result.errors + result.timeouts,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
  };
}

/** True when every answer had the expected status and nothing failed. */
export function isClean(result: LoadResult, status: number): boolean {
  const codes = Object.keys(result.statuses);
  return result.errors === 0 && codes.length === 1 && codes[0] === String(status);
}
