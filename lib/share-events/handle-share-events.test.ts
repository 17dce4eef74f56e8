import { describe, expect, it } from 'vitest';
import type { PurgeSite } from './affected-urls';
import type { PurgeOutcome, UrlPurger } from '../cdn/purge-urls';
import { TOO_LARGE } from '../http/read-raw-body';
import { signWebhook, WebhookVerifier } from '../http/verify-webhook';
import { handleShareEvents, MAX_BODY_BYTES, type ShareEventDeps, type WebhookDelivery } from './handle-share-events';

const SECRET = 'test-secret-0123456789abcdefghijklmnop';
const T = 1_700_000_000;
const SITE: PurgeSite = { siteUrl: 'https://notes.example.com', resourceBaseUrl: null, notebookPageSize: 20, sitemapShardSize: 5000 };
const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const NB = 'BBBBBBBBBBBBBBBBBBBBBB';
const HASH = '0123456789abcdef0123456789abcdef';
const revoked = { type: 'note.revoked', shareId: ID, title: 'Hello', version: '3.2', resourceHashes: [HASH], indexable: true, sitemapSlot: 0, notebookShareId: NB, notebookNoteCount: 3 };
const linkOnly = { ...revoked, indexable: false, sitemapSlot: undefined, notebookShareId: undefined };

const OK: PurgeOutcome = { ok: true, skipped: false, urls: 0, batches: 1, taskIds: ['task-1'], failedUrls: 0, retryable: false, errors: [] };

interface Harness {
  deps: ShareEventDeps;
  invalidated: string[];
  purged: string[][];
  announced: string[][];
}

function harness(options: { purge?: Partial<PurgeOutcome>; secret?: string | null; isProduction?: boolean; storeFails?: boolean } = {}): Harness {
  const h: Harness = { invalidated: [], purged: [], announced: [], deps: undefined as unknown as ShareEventDeps };
  const purger: UrlPurger = {
    purge: (urls) => {
      h.purged.push([...urls]);
      return Promise.resolve({ ...OK, urls: urls.length, ...options.purge });
    },
  };
  h.deps = {
    verifier: options.secret === null ? null : new WebhookVerifier({ secret: options.secret ?? SECRET, now: () => T * 1000 }),
    getStore: () => (options.storeFails ? Promise.reject(new Error('db locked')) : Promise.resolve({ invalidate: (id: string) => void h.invalidated.push(id) })),
    purger,
    notifier: { notify: (urls) => void h.announced.push(urls), flush: () => Promise.resolve() },
    site: SITE,
    isProduction: options.isProduction ?? true,
  };
  return h;
}

function delivery(body: unknown, options: { method?: string; signature?: string | null; t?: number } = {}): WebhookDelivery {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const signature = options.signature === null ? undefined : (options.signature ?? signWebhook(SECRET, raw, options.t ?? T));
  return { method: options.method ?? 'POST', signature, readBody: (max) => Promise.resolve(raw.length > max ? TOO_LARGE : raw) };
}

describe('handleShareEvents: statuses', () => {
  const manyUrls = { events: [0, 1, 2, 3, 4, 5].map((n) => ({ ...linkOnly, shareId: `${n}`.repeat(22), resourceHashes: Array.from({ length: 1000 }, (_, i) => i.toString(16).padStart(32, '0')) })) };
  const cases: Array<{ name: string; h?: Parameters<typeof harness>[0]; d: WebhookDelivery; status: number; headers?: Record<string, string>; error?: RegExp }> = [
    { name: 'no secret configured: the route does not exist', h: { secret: null }, d: delivery({ events: [revoked] }), status: 404 },
    { name: 'GET', d: delivery({ events: [revoked] }, { method: 'GET' }), status: 405, headers: { Allow: 'POST' } },
    { name: 'HEAD', d: delivery({ events: [revoked] }, { method: 'HEAD' }), status: 405, headers: { Allow: 'POST' } },
    { name: 'a body over 256 KB', d: delivery('x'.repeat(MAX_BODY_BYTES + 1)), status: 413, headers: { Connection: 'close' } },
    { name: 'no signature', d: delivery({ events: [revoked] }, { signature: null }), status: 401, error: /invalid signature/ },
    { name: 'a wrong signature', d: delivery({ events: [revoked] }, { signature: signWebhook('another-secret-0123456789abcdefghij', '{}', T) }), status: 401 },
    { name: 'an expired signature', d: delivery({ events: [revoked] }, { t: T - 301 }), status: 401 },
    { name: 'a body that is not JSON', d: delivery('{"events": ['), status: 400, error: /not JSON/ },
    { name: 'a body against the schema', d: delivery({ events: [{ ...revoked, resourceHashes: undefined }] }), status: 400, error: /resourceHashes/ },
    { name: 'events touching more URLs than one delivery may purge', d: delivery(manyUrls), status: 413, error: /send fewer events/ },
    { name: 'a good delivery', d: delivery({ events: [revoked] }), status: 200 },
    { name: 'a good delivery, purge failing transiently', h: { purge: { ok: false, retryable: true } }, d: delivery({ events: [revoked] }), status: 202, headers: { 'Retry-After': '60' } },
    { name: 'a good delivery, purge refused', h: { purge: { ok: false, retryable: false } }, d: delivery({ events: [revoked] }), status: 202 },
  ];

  it.each([
    ['no signature', undefined],
    ['a malformed signature', 't=1,v1=zz'],
    ['two signature headers', [signWebhook(SECRET, '{}', T), signWebhook(SECRET, '{}', T)]],
    ['an expired signature', signWebhook(SECRET, '{}', T - 301)],
    ['a signature from the future', signWebhook(SECRET, '{}', T + 301)],
  ])('%s: refused before the body is read', async (_name, signature) => {
    const { deps } = harness();
    let read = false;
    const answer = await handleShareEvents(deps, { method: 'POST', signature, readBody: () => {
      read = true;
      return Promise.resolve(Buffer.from('{}'));
    } });
    expect(answer.status).toBe(401);
    expect(answer.headers).toMatchObject({ 'Cache-Control': 'no-store', Connection: 'close' });
    expect(read).toBe(false);
  });

  it.each(cases)('$name -> $status, never cached', async ({ h, d, status, headers, error }) => {
    const { deps } = harness(h);
    const answer = await handleShareEvents(deps, d);
    expect(answer.status).toBe(status);
    expect(answer.headers).toMatchObject({ 'Cache-Control': 'no-store', ...headers });
    if (error) expect(String(answer.body.error)).toMatch(error);
  });
});

describe('handleShareEvents: effects', () => {
  it('invalidates the note and its notebook, purges their URLs, announces the indexable note', async () => {
    const h = harness();
    const answer = await handleShareEvents(h.deps, delivery({ events: [revoked] }));
    expect(h.invalidated).toEqual([ID, NB]);
    expect(h.purged).toHaveLength(1);
    expect(h.purged[0]).toEqual(expect.arrayContaining([`${SITE.siteUrl}/s/${ID}/hello`, `${SITE.siteUrl}/r/${ID}/${HASH}`, `${SITE.siteUrl}/nb/${NB}`, `${SITE.siteUrl}/sitemap.xml`]));
    expect(h.announced).toEqual([[`${SITE.siteUrl}/s/${ID}/hello`]]);
    expect(answer.body).toEqual({ events: 1, invalidated: 2, purge: { ok: true, skipped: false, urls: h.purged[0]?.length, batches: 1, taskIds: ['task-1'], failedUrls: 0, errors: [] }, announced: 1, retry: false });
  });

  it('refuses a replayed delivery, with no second purge', async () => {
    const h = harness();
    const d = delivery({ events: [revoked] });
    expect((await handleShareEvents(h.deps, d)).status).toBe(200);
    expect((await handleShareEvents(h.deps, d)).status).toBe(401);
    expect(h.purged).toHaveLength(1);
  });

  it('touches nothing when the signature or the body is refused', async () => {
    const h = harness();
    await handleShareEvents(h.deps, delivery({ events: [revoked] }, { t: T + 999 }));
    await handleShareEvents(h.deps, delivery({ events: [{ ...revoked, type: 'note.deleted' }] }));
    expect([h.invalidated, h.purged, h.announced]).toEqual([[], [], []]);
  });

  it('never announces a link-only note', async () => {
    const h = harness();
    expect((await handleShareEvents(h.deps, delivery({ events: [linkOnly] }))).body.announced).toBe(0);
    expect(h.announced).toEqual([]);
  });

  it('announces nothing outside production, but still purges', async () => {
    const h = harness({ isProduction: false });
    await handleShareEvents(h.deps, delivery({ events: [revoked] }));
    expect(h.announced).toEqual([]);
    expect(h.purged).toHaveLength(1);
  });

  it('still purges when the note store cannot open (it then has nothing cached)', async () => {
    const h = harness({ storeFails: true });
    const answer = await handleShareEvents(h.deps, delivery({ events: [revoked] }));
    expect(answer.status).toBe(200);
    expect(answer.body.invalidated).toBe(0);
    expect(h.purged).toHaveLength(1);
  });

  it('tells the sender to redeliver only when a retry can help', async () => {
    const transient = await handleShareEvents(harness({ purge: { ok: false, retryable: true, errors: ['HTTP 502'] } }).deps, delivery({ events: [revoked] }));
    expect(transient.body).toMatchObject({ retry: true, purge: { ok: false, errors: ['HTTP 502'] } });
    const refused = await handleShareEvents(harness({ purge: { ok: false, retryable: false } }).deps, delivery({ events: [revoked] }));
    expect(refused.body).toMatchObject({ retry: false });
    expect(refused.headers['Retry-After']).toBeUndefined();
  });

  it('does not wait for slow search engines beyond its budget', async () => {
    const h = harness();
    h.deps.notifier = { notify: () => undefined, flush: () => new Promise(() => undefined) };
    h.deps.notifyBudgetMs = 20;
    expect((await handleShareEvents(h.deps, delivery({ events: [revoked] }))).status).toBe(200);
  });
});
