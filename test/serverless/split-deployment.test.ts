import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../lib/http/verify-webhook';
import { notePath } from '../../lib/notes/slug';
import { startFakeCdnApi, type FakeCdnApi } from '../fake-cdn-api';
import { freePort, startFaultProxy, type FaultMode, type FaultProxy } from '../fault-proxy';
import { copyDatabase, removeDir, requireFunctionPackage, seededDatabase, type Server } from './harness';
import {
  comparable, hasLoadedBetterSqlite, notesCli, operationOf, readSitemapSlots, recordingClient, revokedEvent, startNoteServiceProcess, startWebFunction, type CliNote,
} from './split-setup';

/**
 * The production shape: the packaged function with NOTE_STORE=http, the reference note service in
 * its own process, a switchable fault proxy between them, and a stand-in for the Tencent CDN API.
 * One function keeps notes fresh for 60 s (the cache matters for revocation); a second one keeps
 * them fresh for 0 ms, so every 200 it gives while the service fails comes from the stale path.
 */

const SITE = 'https://notes.example.com';
const SECRET = 'split-deployment-webhook-secret-0123456789';
/** The adapter's breaker opens after 5 failed calls and lets a probe through 5 s later. */
const BREAKER_THRESHOLD = 5;
const COOL_DOWN_MS = 5000;
/** Recovery may take the whole cool-down when the breaker opened just before the service returned; plus one poll and one render. */
const RECOVERY_LIMIT_MS = COOL_DOWN_MS + 1000;

const { answered, get, msUntilOk } = recordingClient();

describe('split deployment: the packaged function reads notes from the note service over HTTP', () => {
  let db: { dir: string; dbPath: string };
  let service: Server;
  let servicePort: number;
  let proxy: FaultProxy;
  let cdn: FakeCdnApi;
  let cachedFn: Server;
  let staleFn: Server;
  let embeddedFn: Server;
  let notes: CliNote[];
  let slots: Map<string, number>;
  const shareOf = (prefix: string): string => notes.find((n) => n.title.startsWith(prefix) && n.state !== 'revoked')?.shareId ?? '';
  const pathOf = (prefix: string): string => notePath(shareOf(prefix), notes.find((n) => n.title.startsWith(prefix))?.title ?? '');

  beforeAll(async () => {
    requireFunctionPackage();
    db = seededDatabase();
    notes = JSON.parse(notesCli(db.dbPath, ['list', '--json'])) as CliNote[];
    slots = readSitemapSlots(db.dbPath);
    servicePort = await freePort();
    [service, cdn] = await Promise.all([startNoteServiceProcess(db.dbPath, servicePort), startFakeCdnApi()]);
    proxy = await startFaultProxy(service.url);
    const httpEnv = {
      NOTE_STORE: 'http', NOTE_SERVICE_URL: proxy.url, SITE_URL: SITE, WEBHOOK_SECRET: SECRET, CDN_API_ENDPOINT: cdn.endpoint,
      TENCENTCLOUD_SECRET_ID: 'AKIDsplitdeployment', TENCENTCLOUD_SECRET_KEY: 'split-deployment-key',
      // Unopenable on purpose: nothing on the HTTP path may touch an embedded database.
      NOTES_DB_PATH: '/dev/null/notes.db',
    };
    [cachedFn, staleFn, embeddedFn] = await Promise.all([
      // The change feed off: this one shows what the webhook alone does for the instance it reaches.
      startWebFunction({ ...httpEnv, NOTE_CACHE_TTL_MS: '60000', NOTE_CHANGE_BOUND_MS: '0' }),
      // A 500 ms timeout keeps a hanging service from costing the test 4 s per call (two timeouts of budget).
      startWebFunction({ ...httpEnv, NOTE_CACHE_TTL_MS: '0', NOTE_SERVICE_TIMEOUT_MS: '500' }),
      startWebFunction({ NOTES_DB_PATH: copyDatabase(db.dbPath), SITE_URL: SITE }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([cachedFn, staleFn, embeddedFn, service].map((s) => s?.stop()));
    await Promise.all([proxy?.close(), cdn?.close()]);
    if (db) removeDir(db.dir);
  });

  it('answers every route kind exactly like the embedded store, and never loads better-sqlite3', async () => {
    const zhPage = (await get(embeddedFn, pathOf('周末杭州'))).body.toString();
    const image = /<img src="(\/r\/[^"]+)"/.exec(zhPage)?.[1] ?? '';
    const pdf = /href="(\/r\/[^"]+)"[^>]*download=/.exec((await get(embeddedFn, pathOf('Release'))).body.toString())?.[1] ?? '';
    const notebooks = JSON.parse(notesCli(db.dbPath, ['notebooks', '--json'])) as Array<{ shareId: string | null }>;
    const notebook = notebooks.find((n) => n.shareId)?.shareId ?? '';
    const revoked = notes.find((n) => n.state === 'revoked')?.shareId ?? '';
    const routes: Array<[string, number]> = [
      ['/explore', 200], [pathOf('Sourdough'), 200], [pathOf('周末杭州'), 200], [pathOf('Draft'), 200], [`/s/${shareOf('Sourdough')}`, 301],
      [`/s/${revoked}/x`, 410], ['/s/AAAAAAAAAAAAAAAAAAAAAA/x', 404], [image, 200], [pdf, 200], [`/r/${shareOf('Sourdough')}/${'0'.repeat(32)}`, 404],
      ['/sitemap.xml', 200], ['/sitemaps/notes-0.xml', 200], [`/nb/${notebook}`, 200], [`/api/nb/${notebook}?page=1`, 200], [`/api/nb/${notebook}?page=99`, 404],
    ];
    for (const [path, status] of routes) {
      const [viaHttp, viaEmbedded] = [await get(cachedFn, path), await get(embeddedFn, path)];
      expect(viaHttp.status, path).toBe(status);
      for (const header of ['content-type', 'cache-control', 'etag', 'location', 'x-robots-tag', 'content-disposition']) {
        expect(viaHttp.headers[header], `${path} ${header}`).toBe(viaEmbedded.headers[header]);
      }
      expect(comparable(viaHttp.body), `${path} body`).toBe(comparable(viaEmbedded.body));
    }
    // Every operation of the note service's API was used to answer them.
    expect([...new Set(proxy.requests.map(operationOf))].sort()).toEqual(['/v1/notebooks', '/v1/notebooks/{id}', '/v1/notes/pages/{page}', '/v1/shares/{id}', '/v1/shares/{id}/resources/{hash}', '/v1/sitemap-shards', '/v1/sitemap-shards/{shard}']);
    // The embedded function shows the check can see the addon.
    expect([cachedFn, staleFn, embeddedFn].map((s) => hasLoadedBetterSqlite(s.child.pid ?? 0))).toEqual([false, false, true]);
  });

  it('revocation: a signed note.revoked makes the very next GET answer 410 and purges the CDN within 1 s', async () => {
    const shareId = shareOf('Notes on SQLite');
    const path = pathOf('Notes on SQLite');
    expect((await get(cachedFn, path)).status).toBe(200);
    const event = await revokedEvent(service.url, shareId, slots.get(shareId));

    notesCli(db.dbPath, ['unpublish', notes.find((n) => n.shareId === shareId)?.noteId ?? '']);
    const asked = proxy.requests.length;
    expect((await get(cachedFn, path)).status, 'still cached after the CLI revoked it').toBe(200);
    expect(proxy.requests.slice(asked), 'served from the cache').toEqual([]);

    const body = JSON.stringify({ events: [event] });
    cdn.calls.length = 0;
    const delivered = performance.now();
    const hook = await get(cachedFn, '/api/hooks/note-events', {
      method: 'POST', body, headers: { 'content-type': 'application/json', 'x-signature': signWebhook(SECRET, body, Math.floor(Date.now() / 1000)) },
    });
    expect(hook.status, hook.body.toString()).toBe(200);
    expect((await get(cachedFn, path)).status, 'the very next GET').toBe(410);

    const purge = cdn.calls.find((c) => c.headers['x-tc-action'] === 'PurgeUrlsCache' && c.urls.includes(SITE + path));
    expect(purge, JSON.stringify(cdn.calls.map((c) => c.urls))).toBeDefined();
    const purgeMs = (purge?.receivedAt ?? Infinity) - delivered;
    console.warn(`split deployment: CDN purge received ${purgeMs.toFixed(0)} ms after delivery`);
    expect(purgeMs).toBeLessThan(1000);
  });

  describe('note service faults: 503 + Retry-After + no-store once nothing can be confirmed, never a 500, recovery within the cool-down', () => {
    const cachedNote = (): string => pathOf('Sourdough');
    const faults: Array<{ mode: FaultMode; uncached: string }> = [
      { mode: 'down', uncached: 'Python' },
      { mode: 'garbage', uncached: '长文' },
      { mode: 'hang', uncached: 'Release' },
    ];

    beforeAll(async () => {
      expect((await get(staleFn, cachedNote())).status).toBe(200);
    });

    for (const { mode, uncached } of faults) {
      it(`${mode}: cached note 503 (the change feed cannot vouch for it: a revocation wins), uncached 503, back within ${RECOVERY_LIMIT_MS} ms`, async () => {
        // "down" is the service really gone: its process is stopped and nothing listens at the URL.
        if (mode === 'down') await service.stop();
        await proxy.setMode(mode);
        // Five failed calls open the breaker: shares never seen (nothing cached, nothing to coalesce), in parallel so a hang costs one timeout.
        const misses = Array.from({ length: BREAKER_THRESHOLD }, (_, i) => `/s/${createHash('md5').update(`${mode}-${i}`).digest('base64url')}/x`);
        expect((await Promise.all(misses.map((p) => get(staleFn, p)))).map((a) => a.status)).toEqual(misses.map(() => 503));

        // Served only while its last confirmation is younger than the bound; then never again until the feed answers.
        await expect.poll(async () => (await get(staleFn, cachedNote())).status, { timeout: 3000, message: 'cached note once unconfirmed' }).toBe(503);
        for (const path of [cachedNote(), pathOf(uncached), '/sitemap.xml', '/sitemaps/notes-0.xml']) {
          const answer = await get(staleFn, path);
          expect(answer.status, path).toBe(503);
          expect(answer.headers['retry-after'], path).toBe('30');
          expect(answer.headers['cache-control'], path).toBe('no-store');
        }

        if (mode === 'down') service = await startNoteServiceProcess(db.dbPath, servicePort);
        await proxy.setMode('pass');
        const recoveryMs = await msUntilOk(staleFn, pathOf(uncached), RECOVERY_LIMIT_MS + 2000);
        console.warn(`split deployment: ${mode}: recovered in ${recoveryMs.toFixed(0)} ms`);
        expect(recoveryMs).toBeLessThan(RECOVERY_LIMIT_MS);
      });
    }
  });

  it('never answered a 5xx other than 503, and every function is still running', () => {
    expect(answered.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);
    for (const fn of [cachedFn, staleFn, embeddedFn]) expect(fn.child.exitCode).toBeNull();
  });
});
