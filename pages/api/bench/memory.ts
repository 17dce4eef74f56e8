import type { NextApiRequest, NextApiResponse } from 'next';
import { config } from '@/lib/config';
import { NO_STORE } from '@/lib/http/cache-control';
import { sendPlain } from '@/lib/http/plain-response';

/**
 * `npm run soak` samples the server's memory here: a full GC first (the server runs with
 * NODE_OPTIONS=--expose-gc), so the figures are live memory, not garbage waiting for collection.
 * Answers 404 unless BENCH_ROUTES=true: forcing GCs on demand would be a denial-of-service lever.
 */
export default function memoryRoute(_req: NextApiRequest, res: NextApiResponse): void {
  if (!config.benchRoutes) {
    sendPlain(res, 404, 'Not found\n', NO_STORE);
    return;
  }
  const collect = (Reflect.get(globalThis, "gc") as (() => void) | undefined);
  if (collect) collect();
  res.setHeader('Cache-Control', NO_STORE);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ gc: collect !== undefined, ...process.memoryUsage() }));
}
