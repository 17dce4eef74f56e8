import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { log } from '../../../log';
import { NoteStoreUnavailableError } from '../../note-store';
import { CircuitBreaker, type BreakerPolicy } from './circuit-breaker';
import { withRetry, type RetryPolicy } from './retry';
import { statusError, toUpstreamError, UpstreamError } from './upstream-error';

export type Logger = Pick<typeof log, 'info' | 'warn' | 'error'>;

export interface UpstreamOptions {
  baseUrl: string;
  token: string | null;
  timeoutMs: number;
  retry: RetryPolicy;
  breaker: BreakerPolicy;
  agent?: HttpAgent;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  logger: Logger;
}

/**
 * The connection pool. node:http's Agent rather than global fetch: Node 20's fetch is undici, whose
 * pool size can only be set through the `undici` package (not a dependency here), while an Agent
 * gives an explicit socket bound and plain socket error codes to classify for retries.
 */
export function createAgent(baseUrl: string): HttpAgent {
  const options = {
    keepAlive: true,
    // SCF allows 1,024 file descriptors per instance and inbound connections need theirs; with
    // coalescing and the cache, 50 concurrent upstream calls is already far past a busy instance.
    maxSockets: 50,
    // Idle sockets kept for the next burst; the rest close instead of holding descriptors.
    maxFreeSockets: 10,
    // Close idle sockets before the server does (Node servers default to 5 s): reusing a socket
    // the server is closing is the classic keep-alive ECONNRESET.
    timeout: 4000,
    // Reuse the most recently used socket so the others idle out and the pool shrinks after a burst.
    scheduling: 'lifo' as const,
  };
  return baseUrl.startsWith('https:') ? new HttpsAgent(options) : new HttpAgent(options);
}

/** GETs against the note service: per-attempt timeout, retries with full jitter, circuit breaker. */
export class Upstream {
  readonly agent: HttpAgent;
  private readonly breaker: CircuitBreaker;

  constructor(private readonly options: UpstreamOptions) {
    this.agent = options.agent ?? createAgent(options.baseUrl);
    this.breaker = new CircuitBreaker(options.breaker, options.now, (state) => {
      const level = state === 'open' ? 'error' : 'info';
      options.logger[level]('note service circuit breaker changed state', { state });
    });
  }

  /**
   * GETs `path`: 404 is null, 200 is handed to `consume`, which must read (or destroy) the body.
   * `consume` runs inside the attempt's deadline unless `bodyOutsideDeadline` (streams).
   */
  get<T>(path: string, consume: (res: IncomingMessage) => Promise<T>, bodyOutsideDeadline = false): Promise<T | null> {
    if (!this.breaker.tryAcquire()) {
      return Promise.reject(new NoteStoreUnavailableError('note service circuit is open (failing fast)'));
    }
    const attempt = (timeoutMs: number): Promise<T | null> => this.attempt(path, timeoutMs, consume, bodyOutsideDeadline);
    return withRetry(attempt, this.options.retry, {
      timeoutMs: this.options.timeoutMs,
      isRetryable: (error) => error instanceof UpstreamError && error.retryable,
      now: this.options.now,
      sleep: this.options.sleep,
      random: this.options.random,
      onRetry: (error, retry, delayMs) => this.options.logger.warn('note service call failed; retrying', { path, retry, delayMs, error }),
    }).then(
      (value) => {
        this.breaker.onSuccess();
        return value;
      },
      (error: unknown) => {
        this.breaker.onFailure();
        throw error;
      },
    );
  }

  /** Counts a failure found after `get` returned (a stream cut short) against the breaker. */
  reportFailure(): void {
    this.breaker.onFailure();
  }

  private async attempt<T>(path: string, timeoutMs: number, consume: (res: IncomingMessage) => Promise<T>, bodyOutsideDeadline: boolean): Promise<T | null> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await this.send(path, controller.signal);
      if (res.statusCode === 404) {
        res.resume();
        return null;
      }
      if (res.statusCode !== 200) {
        res.resume();
        throw statusError(res.statusCode ?? 0);
      }
      if (bodyOutsideDeadline) clearTimeout(timer);
      return await consume(res);
    } catch (error) {
      throw toUpstreamError(error, controller.signal.aborted, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  private send(path: string, signal: AbortSignal): Promise<IncomingMessage> {
    const url = `${this.options.baseUrl}${path}`;
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { accept: 'application/json, application/x-ndjson, application/octet-stream' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    return new Promise((resolve, reject) => {
      const req = request(url, { agent: this.agent, headers, signal }, resolve);
      req.on('error', reject);
      req.end();
    });
  }
}
