import { affectedUrlsOfAll, urlsToAnnounce, type PurgeSite } from './affected-urls';
import type { PurgeOutcome, UrlPurger } from '../cdn/purge-urls';
import { NO_STORE } from '../http/cache-control';
import { TOO_LARGE } from '../http/read-raw-body';
import type { WebhookVerifier } from '../http/verify-webhook';
import { log } from '../log';
import type { UrlChange } from '../seo/search-notify';
import type { NoteStore } from '../notes/note-store';
import { parseShareEvents, type ShareEvent } from './share-event';

/**
 * The note service's webhook: verify, invalidate this instance's store cache, purge the CDN, tell
 * search engines. Everything the event runtime must finish happens before the answer, because SCF
 * freezes an event function as soon as it has answered.
 *
 * Statuses: 200 done; 202 accepted and caches invalidated, but the CDN purge failed (`retry` says
 * whether redelivering may help); 400 bad JSON or schema; 401 bad signature; 404 not configured;
 * 405 not POST; 413 body or purge too large (split the delivery). All answers are `no-store`.
 */

/** ~1,000 events' worth of fields; real deliveries are a few KB. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Five API calls, half the default daily quota; the largest single event (~2,100 URLs) always fits. */
export const MAX_PURGE_URLS = 5000;
/** Seconds the sender should wait before redelivering after a retryable purge failure. */
export const PURGE_RETRY_AFTER_SECONDS = 60;
/** How long queued search notifications may take to go out before we answer (and may be frozen). */
const NOTIFY_BUDGET_MS = 500;

export interface ShareEventDeps {
  /** Null when no secret is configured: the webhook then does not exist (404). */
  verifier: WebhookVerifier | null;
  /** Only used to forget cached shares; a store that cannot open has nothing cached. */
  getStore: () => Promise<Pick<NoteStore, 'invalidate'>>;
  purger: UrlPurger;
  notifier: { notify(urls: string[], change?: UrlChange): void; flush(): Promise<void> };
  site: PurgeSite;
  isProduction: boolean;
  notifyBudgetMs?: number;
}

export interface WebhookDelivery {
  method: string | undefined;
  signature: string | string[] | undefined;
  readBody: (maxBytes: number) => Promise<Buffer | typeof TOO_LARGE>;
}

export interface WebhookAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

function answer(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): WebhookAnswer {
  return { status, headers: { 'Cache-Control': NO_STORE, ...headers }, body };
}

async function invalidate(deps: ShareEventDeps, events: readonly ShareEvent[]): Promise<number> {
  const ids = new Set(events.flatMap((e) => ('notebookShareId' in e && e.notebookShareId ? [e.shareId, e.notebookShareId] : [e.shareId])));
  try {
    const store = await deps.getStore();
    if (!store.invalidate) return 0;
    for (const id of ids) store.invalidate(id);
    return ids.size;
  } catch (error) {
    log.warn('share events: note store unavailable, nothing to invalidate', { error });
    return 0;
  }
}

/** Lets the first notification attempt leave before the runtime may be frozen; never waits for retries. */
async function announce(deps: ShareEventDeps, events: readonly ShareEvent[]): Promise<number> {
  if (!deps.isProduction) return 0;
  // Revoked pages are announced apart: some engines (Baidu) must only hear of live ones.
  const isGone = (event: ShareEvent): boolean => event.type.endsWith('.revoked');
  const live = urlsToAnnounce(events.filter((event) => !isGone(event)), deps.site);
  const gone = urlsToAnnounce(events.filter(isGone), deps.site);
  const urls = [...live, ...gone];
  if (urls.length === 0) return 0;
  if (live.length > 0) deps.notifier.notify(live);
  if (gone.length > 0) deps.notifier.notify(gone, 'gone');
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<void>((resolve) => (timer = setTimeout(resolve, deps.notifyBudgetMs ?? NOTIFY_BUDGET_MS)));
  await Promise.race([deps.notifier.flush(), budget]).finally(() => clearTimeout(timer));
  return urls.length;
}

function purgeSummary(outcome: PurgeOutcome): Record<string, unknown> {
  const { ok, skipped, urls, batches, taskIds, failedUrls, errors } = outcome;
  return { ok, skipped, urls, batches, taskIds, failedUrls, errors };
}

export async function handleShareEvents(deps: ShareEventDeps, delivery: WebhookDelivery): Promise<WebhookAnswer> {
  if (!deps.verifier) return answer(404, { error: 'not found' });
  if (delivery.method !== 'POST') return answer(405, { error: 'method not allowed' }, { Allow: 'POST' });

  // Signature shape and time first: an unsigned or stale request is refused before its body is read.
  const precheck = deps.verifier.precheck(delivery.signature);
  if (!precheck.ok) {
    log.warn('share events: signature refused', { reason: precheck.reason });
    return answer(401, { error: 'invalid signature' }, { Connection: 'close' });
  }
  const raw = await delivery.readBody(MAX_BODY_BYTES);
  if (raw === TOO_LARGE) return answer(413, { error: `body larger than ${MAX_BODY_BYTES} bytes` }, { Connection: 'close' });
  const verdict = deps.verifier.verify(delivery.signature, raw);
  if (!verdict.ok) {
    log.warn('share events: signature refused', { reason: verdict.reason });
    // The reason stays in our log: telling a caller which check failed helps only an attacker.
    return answer(401, { error: 'invalid signature' });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return answer(400, { error: 'body is not JSON' });
  }
  const parsed = parseShareEvents(json);
  if (!parsed.ok) return answer(400, { error: parsed.error });
  const { events } = parsed;
  const urls = affectedUrlsOfAll(events, deps.site);
  if (urls.length > MAX_PURGE_URLS) return answer(413, { error: `events touch ${urls.length} URLs (limit ${MAX_PURGE_URLS}); send fewer events per delivery` });

  // Invalidate first: a CDN refetch after the purge must not be answered from this instance's stale cache.
  const invalidated = await invalidate(deps, events);
  const purge = await deps.purger.purge(urls);
  const announced = await announce(deps, events);
  const retry = !purge.ok && purge.retryable;
  log.info('share events handled', { events: events.length, invalidated, urls: urls.length, purged: purge.ok, skipped: purge.skipped, taskIds: purge.taskIds, announced });
  return answer(
    purge.ok ? 200 : 202,
    { events: events.length, invalidated, purge: purgeSummary(purge), announced, retry },
    retry ? { 'Retry-After': String(PURGE_RETRY_AFTER_SECONDS) } : {},
  );
}
