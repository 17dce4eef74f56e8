/** What the run needs to learn from the running server before it starts, and a check of every request kind. */
import { httpGet } from '../bench/http';
import { seeded } from '../../test/seeded-random';
import type { LoadTargets } from './fixture';
import type { MixTargets, RequestKind } from './traffic';

/** Notes whose ETag is collected before the run, for the conditional GETs. */
const ETAG_SAMPLE = 300;

/** Sitemap shards and current ETags, read from the running server as a crawler would find them. */
export async function discoverTargets(baseUrl: string, fixture: LoadTargets, seed: number): Promise<MixTargets> {
  const index = await httpGet(`${baseUrl}/sitemap.xml`);
  if (index.status !== 200) throw new Error(`/sitemap.xml answered ${index.status}`);
  const sitemapShards = [...index.body.toString('utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '', baseUrl).pathname);
  if (sitemapShards.length === 0) throw new Error('/sitemap.xml lists no shards');
  const random = seeded(seed);
  const etags: MixTargets['etags'] = [];
  for (let i = 0; i < ETAG_SAMPLE; i += 1) {
    const path = fixture.notes[Math.floor(random() * fixture.notes.length)] as string;
    const page = await httpGet(baseUrl + path);
    if (page.status !== 200 || typeof page.headers.etag !== 'string') throw new Error(`${path} answered ${page.status} without an ETag`);
    etags.push({ path, etag: page.headers.etag });
  }
  return { ...fixture, etags, sitemapShards };
}

/** One request of every kind before the run: a wrong answer here is a bug, not a load effect. */
export async function preflight(baseUrl: string, kinds: RequestKind[], seed: number): Promise<void> {
  const random = seeded(seed + 1);
  for (const kind of kinds) {
    const { path, headers } = kind.next(random);
    const res = await httpGet(baseUrl + path, headers);
    if (res.status !== kind.expect) throw new Error(`preflight: ${kind.name} (${path}) answered ${res.status}, expected ${kind.expect}`);
  }
}
