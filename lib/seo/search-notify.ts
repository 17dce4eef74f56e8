import { log } from '../log';

/**
 * Tells search engines about published, updated and revoked notes: IndexNow (Bing, Yandex, Seznam,
 * Naver…; one POST of up to 10,000 URLs) and Baidu's link push API (text/plain, one URL a line,
 * 2,000 a request). `notify` only queues and returns; batches are sent in the background with
 * bounded retries, so no page or publish call ever waits on a search engine.
 *
 * Removed pages (revoked shares, now 410) go to IndexNow, whose protocol takes deleted URLs too,
 * but never to Baidu's push endpoint: it is for new links, and each URL spends the site's daily
 * quota. Baidu learns of dead links by recrawling (the 410, and the URL gone from the sitemaps) or
 * through the dead-link files of its webmaster platform (docs/seo.md).
 */

/** `live`: published or changed pages; `gone`: pages that now answer 410. */
export type UrlChange = 'live' | 'gone';

export interface IndexNowTarget {
  endpoint: string;
  key: string;
  /** Public origin whose URLs are submitted, e.g. https://notes.example.com */
  siteUrl: string;
}

export interface BaiduTarget {
  endpoint: string;
  token: string;
  siteUrl: string;
}

export interface NotifierOptions {
  indexNow: IndexNowTarget | null;
  baidu: BaiduTarget | null;
  fetch?: typeof fetch;
  /** Injected so tests do not wait for real backoff delays. */
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
}

const INDEXNOW_BATCH = 10_000;
const BAIDU_BATCH = 2_000;
/** First retry after ~1 s, doubling, with full jitter so many instances do not retry in step. */
const BASE_DELAY_MS = 1000;

type Outcome = 'done' | 'retry' | 'give-up';

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class SearchNotifier {
  private queue: Array<{ url: string; change: UrlChange }> = [];
  private running: Promise<void> | null = null;
  private baiduQuotaExhausted = false;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;

  constructor(private readonly options: NotifierOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  get isEnabled(): boolean {
    return this.options.indexNow !== null || this.options.baidu !== null;
  }

  /** Queues absolute URLs of pages that changed (published, updated or now 410). Never throws. */
  notify(urls: string[], change: UrlChange = 'live'): void {
    if (!this.isEnabled || urls.length === 0) return;
    for (const url of urls) this.queue.push({ url, change });
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Resolves once everything queued so far has been sent or given up on (CLI exit, tests). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const queued = this.queue.splice(0, this.queue.length);
      const urls = [...new Set(queued.map((q) => q.url))];
      // The latest word on a URL wins: published then revoked in one batch is gone.
      const latest = new Map(queued.map((q) => [q.url, q.change]));
      const live = urls.filter((url) => latest.get(url) === 'live');
      const { indexNow, baidu } = this.options;
      if (indexNow) for (const batch of chunks(urls, INDEXNOW_BATCH)) await this.withRetries('indexnow', () => this.sendIndexNow(indexNow, batch));
      if (baidu) for (const batch of chunks(live, BAIDU_BATCH)) await this.withRetries('baidu', () => this.sendBaidu(baidu, batch));
    }
  }

  private async withRetries(service: string, send: () => Promise<Outcome>): Promise<void> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      let outcome: Outcome;
      try {
        outcome = await send();
      } catch (error) {
        log.warn('search notification failed', { service, attempt, error });
        outcome = 'retry';
      }
      if (outcome !== 'retry') return;
      if (attempt < this.maxAttempts) await this.sleep(Math.random() * BASE_DELAY_MS * 2 ** (attempt - 1));
    }
    log.error('search notification gave up', { service, attempts: this.maxAttempts });
  }

  private async sendIndexNow(target: IndexNowTarget, urls: string[]): Promise<Outcome> {
    const res = await this.fetchImpl(target.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ host: new URL(target.siteUrl).host, key: target.key, keyLocation: `${target.siteUrl}/${target.key}.txt`, urlList: urls }),
      signal: AbortSignal.timeout(10_000),
    });
    // 200/202 accepted; 400/403/422 mean our request or key is wrong: retrying cannot help.
    if (res.status === 200 || res.status === 202) return 'done';
    if (res.status === 429 || res.status >= 500) return 'retry';
    log.error('IndexNow refused the submission', { status: res.status, urls: urls.length });
    return 'give-up';
  }

  private async sendBaidu(target: BaiduTarget, urls: string[]): Promise<Outcome> {
    if (this.baiduQuotaExhausted) return 'give-up';
    const url = `${target.endpoint}?site=${encodeURIComponent(target.siteUrl)}&token=${encodeURIComponent(target.token)}`;
    const res = await this.fetchImpl(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: urls.join('\n'), signal: AbortSignal.timeout(10_000) });
    const body = (await res.json().catch(() => ({}))) as { success?: number; remain?: number; message?: string; not_valid?: string[]; not_same_site?: string[] };
    if (res.ok) {
      if (body.not_valid?.length || body.not_same_site?.length) log.warn('Baidu rejected some URLs', { notValid: body.not_valid?.length ?? 0, notSameSite: body.not_same_site?.length ?? 0 });
      if (body.remain === 0) this.baiduQuotaExhausted = true;
      return 'done';
    }
    if (res.status >= 500) return 'retry';
    // 400 "over quota" ends pushing for the day; 401 token/site mismatch needs an operator.
    if (/over quota/i.test(body.message ?? '')) this.baiduQuotaExhausted = true;
    log.error('Baidu push refused the submission', { status: res.status, message: body.message });
    return 'give-up';
  }
}
