import { createHash } from 'node:crypto';
import type { OgCardText } from './draw-og-card';

export interface CardQuarantineOptions {
  /** Cards remembered at most; the one whose last kill is oldest is forgotten first. */
  maxCards: number;
  /** How long a card that killed its worker is refused; each time it kills one again, twice as long, up to `maxMs`. */
  firstMs: number;
  maxMs: number;
}

interface QuarantinedCard {
  /** Workers this card killed. */
  kills: number;
  refusedUntil: number;
}

/** What the worker draws, hashed: a key of fixed size whatever the text (the worker accepts any). */
export function cardKey(fontPath: string, text: OgCardText): string {
  return createHash('sha256').update(JSON.stringify([fontPath, text.siteName, text.title, text.footer])).digest('base64url');
}

/**
 * Cards whose drawing killed the worker (a crash, a hang, out-of-memory, a broken answer). The same
 * card kills the next worker too, so it is refused at once for a while instead of starting one, and
 * its kills after the first are not the instance's failures (crash-backoff.ts): one poisonous card
 * cannot pause every card. A card the worker merely took too long on (5 s under heavy load) is a
 * rare false positive, hence a first refusal of a minute, doubling only if it kills again.
 * Bounded, like the queue: a flood of different poisonous cards is the back-off's job, not this one's.
 */
export class CardQuarantine {
  private readonly cards = new Map<string, QuarantinedCard>();

  constructor(
    private readonly options: CardQuarantineOptions,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Milliseconds this card is still refused for; 0 when it may be drawn. */
  refusedMs(key: string): number {
    const record = this.cards.get(key);
    return record ? Math.max(0, record.refusedUntil - this.now()) : 0;
  }

  /** The card killed its worker. True the first time (as far as the bounded memory goes): only then is it the instance's failure. */
  killedWorker(key: string): boolean {
    const record = this.cards.get(key) ?? { kills: 0, refusedUntil: 0 };
    record.kills += 1;
    record.refusedUntil = this.now() + Math.min(this.options.firstMs * 2 ** (record.kills - 1), this.options.maxMs);
    this.cards.delete(key);
    this.cards.set(key, record);
    if (this.cards.size > this.options.maxCards) {
      const oldest = this.cards.keys().next();
      if (!oldest.done) this.cards.delete(oldest.value);
    }
    return record.kills === 1;
  }
}
