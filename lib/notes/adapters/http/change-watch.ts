import type { ChangeFeed } from '../../types';
import type { Logger } from './upstream';

/**
 * Keeps an instance's cached notes honest across a fleet that nobody can address (SCF instances are
 * frozen between requests): the note service's change feed (GET /v1/changes) is read at most every
 * `refreshMs` while requests come in, and a cached copy is trusted only while the last successful
 * read was *sent* less than `boundMs` ago. A change the service acknowledged at t0 is therefore
 * visible to every request answered after t0 + boundMs, on every instance:
 * - a busy instance reads the feed in the background every `refreshMs` (one call, however many
 *   requests), so its requests never wait;
 * - an idle or thawed instance finds its confirmation too old and reads the feed before answering;
 * - when the feed cannot be read, nothing cached is trusted past `boundMs` (the outage rule: a
 *   revocation wins over availability; see docs/consistency.md).
 */

export interface ChangeWatchOptions {
  /** Reads one page of the feed after `after` (null: from the head). Rejects when the service fails; null when it has no feed. */
  read: (after: number | null) => Promise<ChangeFeed | null>;
  /** These shares changed: forget them. */
  onChanged: (shareIds: readonly string[]) => void;
  /** Every cached copy is suspect (first read, another log, a gap): forget everything. */
  onReset: () => void;
  boundMs: number;
  refreshMs: number;
  now: () => number;
  logger: Logger;
  /** Pages read in one check before giving up on catching up (a reader very far behind resets instead). */
  maxPages?: number;
}

const DEFAULT_MAX_PAGES = 20;

export class ChangeWatch {
  private confirmedAt = Number.NEGATIVE_INFINITY;
  private cursor: { logId: string; seq: number } | null = null;
  private running: Promise<void> | null = null;
  private hasWarnedNoFeed = false;

  constructor(private readonly options: ChangeWatchOptions) {}

  /** True while cached copies may be served without asking (and starts a background read when due). */
  isConfirmed(): boolean {
    const age = this.options.now() - this.confirmedAt;
    if (age >= this.options.refreshMs && !this.running) void this.check().catch(() => undefined);
    return age < this.options.boundMs;
  }

  /** Reads the feed (one read at a time: concurrent callers share it). Rejects when it cannot be read. */
  check(): Promise<void> {
    this.running ??= this.readFeed().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async readFeed(): Promise<void> {
    const sentAt = this.options.now();
    for (let page = 0; page < (this.options.maxPages ?? DEFAULT_MAX_PAGES); page += 1) {
      const feed = await this.options.read(this.cursor?.seq ?? null);
      if (feed === null) return this.noFeed();
      if (!this.cursor || feed.reset || feed.logId !== this.cursor.logId) {
        // Whatever is cached was read before we knew where the log stood: it cannot be vouched for.
        if (this.cursor) this.options.logger.warn('note change feed: starting over, every cached note forgotten', { reset: feed.reset, logId: feed.logId });
        this.options.onReset();
        this.cursor = { logId: feed.logId, seq: feed.head };
        this.confirmedAt = sentAt;
        return;
      }
      if (feed.changes.length > 0) this.options.onChanged([...new Set(feed.changes.map((c) => c.shareId))]);
      const last = feed.changes.at(-1);
      this.cursor = { logId: feed.logId, seq: last ? last.seq : Math.max(this.cursor.seq, feed.head) };
      if (!last || last.seq >= feed.head) {
        this.confirmedAt = sentAt;
        return;
      }
    }
    // Too far behind to catch up page by page: start over from the head.
    this.cursor = null;
    throw new Error('note change feed: too far behind');
  }

  /** A service without the feed cannot vouch for anything: every cached read asks it again. */
  private noFeed(): never {
    if (!this.hasWarnedNoFeed) this.options.logger.error('note service has no change feed (GET /v1/changes answered 404): cached notes are not used');
    this.hasWarnedNoFeed = true;
    throw new Error('note service has no change feed');
  }
}
