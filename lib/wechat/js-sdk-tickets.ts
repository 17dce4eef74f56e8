import { getJsApiTicket, getStableAccessToken, WeChatApiError, WECHAT_ERRORS, type WeChatApiOptions } from './wechat-api';

interface Cached {
  value: string;
  /** When to fetch a new one (early), and when it stops working, in ms since the epoch. */
  refreshAt: number;
  expiresAt: number;
}

export interface TicketLogger {
  warn: (message: string, fields?: Record<string, unknown>) => void;
  info: (message: string, fields?: Record<string, unknown>) => void;
}

export interface JsSdkTicketOptions extends WeChatApiOptions {
  now?: () => number;
  logger: TicketLogger;
}

/**
 * Refresh when this share of the lifetime is left: a ticket (7200 s) is renewed in its last
 * 20 minutes, in the background, while pages keep using the current one. WeChat renews stable
 * tokens 5 minutes early itself, so asking 20 minutes early still gets the same token back.
 */
const REFRESH_WHEN_LEFT = 1 / 6;
/** Seconds shaved off WeChat's lifetimes: the clock of the answer is not ours. */
const CLOCK_SLACK_S = 60;

/**
 * How long to leave the API alone after a failure, by error. A daily quota (45009) resets at
 * midnight: asking every few seconds only burns the next day's budget. A misconfiguration (IP
 * allow-list 40164, wrong id or secret) needs an operator. Anything else (busy -1, timeouts, HTTP
 * errors) is retried soon: pages are served without share data meanwhile, never failed or delayed.
 */
function backoffMs(error: unknown): number {
  const code = error instanceof WeChatApiError ? error.errcode : null;
  if (code === WECHAT_ERRORS.dailyQuota) return 30 * 60_000;
  if (code === WECHAT_ERRORS.ipNotAllowed || code === WECHAT_ERRORS.invalidAppId || code === WECHAT_ERRORS.invalidAppSecret) return 5 * 60_000;
  return 30_000;
}

const isTokenRejected = (error: unknown): boolean => error instanceof WeChatApiError
  && (error.errcode === WECHAT_ERRORS.invalidCredential || error.errcode === WECHAT_ERRORS.tokenExpired);

/**
 * The JS-SDK ticket of one instance: fetched once, kept until shortly before it expires, renewed
 * in the background, never fetched by two requests at once. `ticket()` never throws and never waits
 * longer than its budget: a slow or failing WeChat API costs a page its share card, nothing more.
 * Failures are logged once per outage (and the recovery once), not once per page.
 */
export class JsSdkTickets {
  private token: Cached | null = null;
  private current: Cached | null = null;
  private refreshing: Promise<Cached | null> | null = null;
  private pausedUntil = 0;
  private isFailing = false;
  private readonly now: () => number;

  constructor(private readonly options: JsSdkTicketOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A valid ticket, or null when there is none within `budgetMs` (the fetch then goes on for later pages). */
  async ticket(budgetMs: number): Promise<string | null> {
    const now = this.now();
    const current = this.current;
    if (current && now < current.expiresAt) {
      if (now >= current.refreshAt) void this.refresh();
      return current.value;
    }
    const pending = this.refresh();
    if (!pending) return null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), budgetMs);
    });
    try {
      return (await Promise.race([pending, timeout]))?.value ?? null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once no refresh is in flight (for tests and orderly shutdown). */
  async settled(): Promise<void> {
    await this.refreshing;
  }

  /** Starts (or joins) a refresh; null while the API is left alone after a failure. */
  private refresh(): Promise<Cached | null> | null {
    if (this.refreshing) return this.refreshing;
    if (this.now() < this.pausedUntil) return null;
    this.refreshing = this.fetchTicket().then((ticket) => {
      this.current = ticket;
      if (this.isFailing) this.options.logger.info('WeChat API answers again: share cards are back');
      this.isFailing = false;
      return ticket;
    }, (error: unknown) => {
      this.pausedUntil = this.now() + backoffMs(error);
      if (!this.isFailing) {
        this.options.logger.warn('WeChat API failed: pages go without share cards until it answers', {
          error: error instanceof Error ? error.message : String(error),
          errcode: error instanceof WeChatApiError ? error.errcode : null,
        });
      }
      this.isFailing = true;
      return null;
    }).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async fetchTicket(): Promise<Cached> {
    try {
      return this.cache(await getJsApiTicket(this.options, await this.accessToken()));
    } catch (error) {
      // The token was retired (another client forced a refresh, or it expired early): once more with a fresh one.
      if (!isTokenRejected(error)) throw error;
      this.token = null;
      return this.cache(await getJsApiTicket(this.options, await this.accessToken()));
    }
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.refreshAt) return this.token.value;
    this.token = this.cache(await getStableAccessToken(this.options));
    return this.token.value;
  }

  private cache({ value, expiresInS }: { value: string; expiresInS: number }): Cached {
    const now = this.now();
    const lifetimeMs = Math.max(0, expiresInS - CLOCK_SLACK_S) * 1000;
    return { value, expiresAt: now + lifetimeMs, refreshAt: now + lifetimeMs * (1 - REFRESH_WHEN_LEFT) };
  }
}
