export interface CrashBackoffOptions {
  /** Worker failures in a row (no card drawn between them) that start a pause. */
  afterFailures: number;
  /** The first pause; each failed try after one doubles it, up to `maxMs`. */
  firstMs: number;
  maxMs: number;
}

export interface BackoffLogger {
  warn: (message: string, fields?: Record<string, unknown>) => void;
  info: (message: string, fields?: Record<string, unknown>) => void;
}

/**
 * When to stop starting card workers. Each start costs the request thread a few ms of CPU (~4 ms
 * for a worker whose binary does not load, more for one that loads satori and resvg), so a worker
 * that cannot live (a binary that does not load, a crash or out-of-memory on every card) would cost
 * that on every card request, forever. After `afterFailures` failures in a row no worker starts for
 * a pause; then one card tries again, and if its worker fails too the pause doubles (capped). The
 * first card drawn ends it. A card the worker survives (an error answer) is neither a failure nor a
 * success. Logged once when the pauses begin and once when they end, not per card.
 */
export class CrashBackoff {
  private failures = 0;
  private pauseMs = 0;
  private pausedUntil = 0;
  private isPausing = false;

  constructor(
    private readonly options: CrashBackoffOptions,
    private readonly logger: BackoffLogger,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Milliseconds before a worker may start again; 0 when one may start now. */
  remainingMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  /** Failures in a row so far. */
  get failuresInARow(): number {
    return this.failures;
  }

  /**
   * A worker could not start or load, or crashed, exited, ran out of memory, hung or broke the
   * protocol on a card not known to do so: a card's further kills are its own (card-quarantine.ts).
   */
  failed(error: Error): void {
    this.failures += 1;
    if (this.failures < this.options.afterFailures) return;
    this.pauseMs = Math.min(this.pauseMs === 0 ? this.options.firstMs : this.pauseMs * 2, this.options.maxMs);
    this.pausedUntil = this.now() + this.pauseMs;
    if (!this.isPausing) {
      this.logger.warn('OG card worker keeps failing: cards answer 503 without a new worker for a while, longer after each failed try, until one draws a card', {
        failuresInARow: this.failures,
        pauseS: this.pauseMs / 1000,
        error,
      });
    }
    this.isPausing = true;
  }

  /** A worker drew a card. */
  succeeded(): void {
    if (this.isPausing) this.logger.info('OG card worker draws cards again', { failuresInARow: this.failures });
    this.failures = 0;
    this.pauseMs = 0;
    this.pausedUntil = 0;
    this.isPausing = false;
  }
}
