/**
 * The crawler mix: what kinds of request a search engine sends to a notes site, how often, and
 * what each must answer. Every request picks its kind and target as it is sent, so the 10,000
 * notes are hit in random order (mostly page-cache misses: the cache holds 500 pages), and every
 * answer is checked against its kind's expected status.
 */
import { pick, seeded, type Random } from '../../test/seeded-random';
import type { CannonRequest } from './cannon';

/** A Googlebot-like client: crawlers ask for gzip. */
const CRAWLER_HEADERS = { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'accept-encoding': 'gzip' };

export interface RequestKind {
  name: string;
  /** Relative frequency in the mix. */
  weight: number;
  expect: number;
  next: (random: Random) => { path: string; headers?: Record<string, string> };
}

export interface KindTally {
  kind: RequestKind;
  requests: number;
  statuses: Record<string, number>;
  /** Milliseconds from sending the request to the end of its answer. */
  latencies: number[];
}

export interface MixTargets {
  notes: string[];
  linkOnly: string[];
  revoked: string[];
  resources: string[];
  /** Note paths with the ETag their page answered with. */
  etags: Array<{ path: string; etag: string }>;
  sitemapShards: string[];
}

export function crawlerMix(t: MixTargets): RequestKind[] {
  const unknownId = (random: Random): string => Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256))).toString('base64url');
  return [
    { name: 'note page (random of all indexable notes)', weight: 45, expect: 200, next: (r) => ({ path: pick(r, t.notes) }) },
    { name: 'note page, If-None-Match (current ETag)', weight: 15, expect: 304, next: (r) => {
      const { path, etag } = pick(r, t.etags);
      return { path, headers: { 'if-none-match': etag } };
    } },
    { name: 'link-only note page', weight: 4, expect: 200, next: (r) => ({ path: pick(r, t.linkOnly) }) },
    { name: 'unknown share id', weight: 8, expect: 404, next: (r) => ({ path: `/s/${unknownId(r)}/no-such-note` }) },
    { name: 'revoked share', weight: 5, expect: 410, next: (r) => ({ path: pick(r, t.revoked) }) },
    { name: 'image resource', weight: 12, expect: 200, next: (r) => ({ path: pick(r, t.resources) }) },
    // Far more often than crawlers fetch sitemaps (a few times a day), to load the streaming path;
    // a shard yields to other requests every 500 rows, so under load each one takes seconds.
    { name: 'sitemap index', weight: 1, expect: 200, next: () => ({ path: '/sitemap.xml' }) },
    { name: 'sitemap shard', weight: 1, expect: 200, next: (r) => ({ path: pick(r, t.sitemapShards) }) },
    { name: 'robots.txt', weight: 3, expect: 200, next: () => ({ path: '/robots.txt' }) },
    { name: 'home page', weight: 3, expect: 200, next: () => ({ path: '/' }) },
  ];
}

/**
 * One autocannon request entry that draws a request from `kinds` each time it is sent and
 * tallies the answer. Connections share one seeded stream, so the mix is reproducible in
 * distribution (the interleaving of connections is not).
 */
export function mixedRequest(kinds: RequestKind[], seed: number): { request: CannonRequest; tallies: KindTally[] } {
  const random = seeded(seed);
  const total = kinds.reduce((sum, k) => sum + k.weight, 0);
  const tallies = kinds.map((kind): KindTally => ({ kind, requests: 0, statuses: {}, latencies: [] }));
  const choose = (): KindTally => {
    let roll = random() * total;
    for (const tally of tallies) {
      roll -= tally.kind.weight;
      if (roll < 0) return tally;
    }
    return tallies[tallies.length - 1] as KindTally;
  };
  const request: CannonRequest = {
    method: 'GET',
    path: '/',
    setupRequest: (base, context) => {
      const tally = choose();
      const { path, headers } = tally.kind.next(random);
      tally.requests += 1;
      context.tally = tally;
      context.sentAt = performance.now();
      return { ...base, path, headers: { ...CRAWLER_HEADERS, ...headers } };
    },
    onResponse: (status, _body, context) => {
      const tally = context.tally as KindTally | undefined;
      if (!tally) return;
      tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
      tally.latencies.push(performance.now() - (context.sentAt as number));
    },
  };
  return { request, tallies };
}
