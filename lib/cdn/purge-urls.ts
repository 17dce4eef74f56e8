import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { cdn } from 'tencentcloud-sdk-nodejs-cdn';
import { log } from '../log';

/**
 * CDN URL purges through Tencent Cloud's PurgeUrlsCache (API 2018-06-06, TC3-HMAC-SHA256 signed by the
 * official SDK). Limits from the API doc: 1,000 URLs per call, 10,000 URLs per day per acceleration
 * region by default, so URLs are de-duplicated and nothing is purged speculatively.
 */

export interface PurgeOutcome {
  /** Every URL was accepted by the CDN API (or there was nothing to do, or purging is off). */
  ok: boolean;
  /** Purging is off (no credentials): nothing was sent. */
  skipped: boolean;
  /** Distinct URLs submitted, in how many calls, and the CDN's task id of each accepted call. */
  urls: number;
  batches: number;
  taskIds: string[];
  failedUrls: number;
  /** A failure that a later attempt may get past (network, 5xx, throttling), as opposed to a refusal. */
  retryable: boolean;
  errors: string[];
}

export interface UrlPurger {
  purge(urls: readonly string[]): Promise<PurgeOutcome>;
}

export const PURGE_BATCH_SIZE = 1000;
/**
 * Per attempt. The API usually answers in 100-300 ms; with one retry the worst case stays around
 * 3.5 s, inside a webhook sender's timeout, and the event runtime is frozen only after we answer.
 */
const ATTEMPT_TIMEOUT_MS = 1500;
/** The retry waits 50-250 ms: jittered so instances that failed together do not retry together. */
const RETRY_BASE_MS = 50;
const RETRY_JITTER_MS = 200;

type CdnClient = InstanceType<typeof cdn.v20180606.Client>;

export interface TencentPurgerOptions {
  secretId: string;
  secretKey: string;
  /** `cdn.tencentcloudapi.com` (HTTPS) or a full origin such as `http://127.0.0.1:9000` (tests). */
  endpoint: string;
  attemptTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * The SDK joins `protocol + endpoint`, and signs the first label of the endpoint as the service name
 * (`cdn`; `127` for a local stand-in, which is fine for a server that checks nothing).
 */
export function parseEndpoint(endpoint: string): { protocol: 'http://' | 'https://'; host: string } {
  if (!/^https?:\/\//i.test(endpoint)) return { protocol: 'https://', host: endpoint.replace(/\/+$/, '') };
  const url = new URL(endpoint);
  if (url.pathname !== '/' || url.search !== '') throw new Error(`CDN API endpoint must be an origin without a path (got "${endpoint}")`);
  return { protocol: url.protocol === 'http:' ? 'http://' : 'https://', host: url.host };
}

interface SdkError {
  code: string | null;
  httpCode: number | null;
  requestId: string | null;
  message: string;
}

/** The SDK throws TencentCloudSDKHttpException: `code` for API errors, `httpCode` for non-200s, neither for network errors. */
function readSdkError(error: unknown): SdkError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; httpCode?: unknown; requestId?: unknown; message?: unknown };
  return {
    code: typeof e.code === 'string' && e.code !== '' ? e.code : null,
    httpCode: typeof e.httpCode === 'number' ? e.httpCode : null,
    requestId: typeof e.requestId === 'string' && e.requestId !== '' ? e.requestId : null,
    message: typeof e.message === 'string' ? e.message : String(error),
  };
}

/** Network errors, timeouts, 5xx and the API's own InternalError/throttling may pass on a retry; bad parameters, auth and quota will not. */
function isRetryable({ code, httpCode }: SdkError): boolean {
  if (httpCode !== null) return httpCode >= 500 || httpCode === 429;
  if (code === null) return true;
  return code.startsWith('InternalError') || code === 'RequestLimitExceeded';
}

type BatchResult = { ok: true; taskId: string | null } | { ok: false; retryable: boolean; error: string };

export class TencentCdnPurger implements UrlPurger {
  private readonly client: CdnClient;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: TencentPurgerOptions) {
    const { protocol, host } = parseEndpoint(options.endpoint);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.client = new cdn.v20180606.Client({
      credential: { secretId: options.secretId, secretKey: options.secretKey },
      profile: {
        httpProfile: {
          endpoint: host,
          protocol,
          reqTimeout: (options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS) / 1000,
          // Our own keep-alive agent: a warm instance reuses the TLS connection, and the SDK's
          // fallback to an `http_proxy` variable from the environment is never taken.
          agent: protocol === 'http://' ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ keepAlive: true }),
        },
      },
    });
  }

  async purge(urls: readonly string[]): Promise<PurgeOutcome> {
    const unique = [...new Set(urls)];
    const batches: string[][] = [];
    for (let i = 0; i < unique.length; i += PURGE_BATCH_SIZE) batches.push(unique.slice(i, i + PURGE_BATCH_SIZE));
    // Concurrent: a delivery is capped at a few batches, far below the API's rate limit.
    const results = await Promise.all(batches.map((batch) => this.purgeBatch(batch)));
    const outcome: PurgeOutcome = { ok: true, skipped: false, urls: unique.length, batches: batches.length, taskIds: [], failedUrls: 0, retryable: false, errors: [] };
    results.forEach((result, i) => {
      if (result.ok) {
        if (result.taskId) outcome.taskIds.push(result.taskId);
        return;
      }
      outcome.ok = false;
      outcome.failedUrls += batches[i]?.length ?? 0;
      outcome.retryable ||= result.retryable;
      outcome.errors.push(result.error);
    });
    return outcome;
  }

  private async purgeBatch(urls: string[]): Promise<BatchResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await this.client.PurgeUrlsCache({ Urls: urls });
        log.info('cdn purge submitted', { urls: urls.length, attempt, requestId: response.RequestId ?? null, taskId: response.TaskId ?? null });
        return { ok: true, taskId: response.TaskId ?? null };
      } catch (error) {
        const sdk = readSdkError(error);
        const retryable = isRetryable(sdk);
        const willRetry = retryable && attempt < 2;
        (willRetry ? log.warn : log.error)('cdn purge failed', { urls: urls.length, attempt, willRetry, code: sdk.code, httpCode: sdk.httpCode, requestId: sdk.requestId, error: sdk.message });
        if (!willRetry) return { ok: false, retryable, error: sdk.code ?? (sdk.httpCode !== null ? `HTTP ${sdk.httpCode}` : sdk.message) };
        await this.sleep(RETRY_BASE_MS + this.random() * RETRY_JITTER_MS);
      }
    }
  }
}

/** Stands in when no credentials are configured (development, self-hosting without a CDN). */
export class NoopUrlPurger implements UrlPurger {
  purge(urls: readonly string[]): Promise<PurgeOutcome> {
    return Promise.resolve({ ok: true, skipped: true, urls: new Set(urls).size, batches: 0, taskIds: [], failedUrls: 0, retryable: false, errors: [] });
  }
}
