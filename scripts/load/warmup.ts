/**
 * The soak's warm-up crawl, before memory is measured: every note URL once (a crawler's first pass
 * over the sitemap) and 40,000 distinct unknown URLs. Next.js keeps an LRU of filesystem lookups
 * per distinct request path, negative results included, budgeted at 8 MB (FS_LRU_MAX_SIZE in
 * next/dist/server/lib/router-utils/filesystem.js; 128 bytes plus the path per entry): under a
 * crawl of random URLs it fills for about an hour and then stays flat. Filled here, that bounded
 * growth is not mistaken for a leak, while the soak's own random unknown ids keep testing that no
 * per-URL memory grows without bound.
 */
import { seeded } from '../../test/seeded-random';
import { runCannon } from './cannon';

/** 40,000 x (128 + ~38 characters) plus the notes' ~3 MB fills the 8 MB budget. */
export const PREFILL_UNKNOWN_URLS = 40_000;

export interface CrawlResult {
  requests: number;
  seconds: number;
  statuses: Record<string, number>;
  errors: number;
}

/** Requests each path once, spread over `connections`; returns what came back. */
export async function crawlOnce(baseUrl: string, paths: readonly string[], connections: number): Promise<CrawlResult> {
  const statuses: Record<string, number> = {};
  let next = 0;
  const startedAt = performance.now();
  const result = await runCannon({
    url: baseUrl,
    connections,
    amount: paths.length,
    timeout: 30,
    requests: [{
      path: '/',
      setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] as string }),
      onResponse: (status) => {
        statuses[status] = (statuses[status] ?? 0) + 1;
      },
    }],
  });
  return { requests: result.requests.total, seconds: (performance.now() - startedAt) / 1000, statuses, errors: result.errors + result.timeouts };
}

/** Distinct share ids nobody was given, as `/s/<id>/<slug>` paths. */
export function unknownNotePaths(count: number, seed: number): string[] {
  const random = seeded(seed);
  return Array.from({ length: count }, () => `/s/${Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256))).toString('base64url')}/no-such-note`);
}
