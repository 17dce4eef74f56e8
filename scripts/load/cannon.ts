/**
 * autocannon with per-request hooks. scripts/bench/load.ts replays a fixed request list, and every
 * connection walks that list from the start in lockstep: the first connection renders a note and
 * the others get it from the page cache. A crawler mix needs each request chosen as it is sent
 * (`setupRequest`) and its answer checked against what that request expects (`onResponse`), and
 * the report wants timeouts, bytes and more percentiles, so this typed slice exposes those.
 */
import { createRequire } from 'node:module';

export interface CannonRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** Called before each request on a connection; returns the request to send. */
  setupRequest?: (request: CannonRequest, context: Record<string, unknown>) => CannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
}

interface CannonOptions {
  url: string;
  connections: number;
  /** Seconds to run, or else `amount` requests in all. */
  duration?: number;
  amount?: number;
  /** Seconds before a request counts as a timeout (and its connection is reset). */
  timeout: number;
  requests: CannonRequest[];
}

interface Histogram {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  p99_9: number;
  max: number;
}

export interface CannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number } | undefined>;
  requests: Histogram & { total: number; sent: number };
  latency: Histogram;
  throughput: Histogram & { total: number };
}

export type CannonRun = PromiseLike<CannonResult> & { stop: () => void };

const autocannon = createRequire(__filename)('autocannon') as (options: CannonOptions) => CannonRun;

export function runCannon(options: CannonOptions): CannonRun {
  return autocannon(options);
}
