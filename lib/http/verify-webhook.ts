import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed webhooks from the note service.
 *
 *   X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body bytes>")>[,v1=<hex>...]
 *
 * - The MAC covers the exact bytes received, so the body is verified before it is parsed.
 * - `t` binds the signature to a moment: anything outside ±5 minutes of our clock is refused, so a
 *   captured request is useless after the window (and the replay memory below only needs the window).
 * - Several `v1` values are allowed so a secret can be rotated without downtime: during the overlap the
 *   sender signs with the old and the new secret, and whichever one we hold matches.
 * - A signature accepted once is refused for the rest of its window (a replayed delivery). Every retry
 *   must be signed afresh with a new `t`. The memory is per instance: a replay that reaches another
 *   instance is accepted, which is harmless because handling an event twice is idempotent.
 */

export const SIGNATURE_HEADER = 'x-signature';
/** Clock skew plus transit the sender may have; Stripe and Slack use the same 5 minutes. */
export const TOLERANCE_SECONDS = 300;
/**
 * Remembered signatures. Only authenticated deliveries are remembered, so only the note service can
 * fill this; 10,000 in 10 minutes is far above its publish rate. Past it the oldest are forgotten.
 */
const MAX_REMEMBERED = 10_000;
/** A header longer than this or with more MACs is not ours; refuse it before doing any HMAC work. */
const MAX_HEADER_LENGTH = 1024;
const MAX_MACS = 4;

export type WebhookRejection = 'missing' | 'malformed' | 'expired' | 'mismatch' | 'replayed';
export type WebhookVerdict = { ok: true } | { ok: false; reason: WebhookRejection };

function mac(secret: string, t: number, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest();
}

/** The header value the note service sends (also used by tests and scripts). */
export function signWebhook(secret: string, body: string | Buffer, t: number): string {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return `t=${t},v1=${mac(secret, t, bytes).toString('hex')}`;
}

interface ParsedSignature {
  t: number;
  macs: Buffer[];
}

function parseHeader(header: string): ParsedSignature | null {
  if (header.length > MAX_HEADER_LENGTH) return null;
  let t: number | null = null;
  const macs: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value, extra] = part.trim().split('=');
    if (value === undefined || extra !== undefined) return null;
    if (key === 't') {
      if (t !== null || !/^\d{1,12}$/.test(value)) return null;
      t = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return null;
      macs.push(Buffer.from(value, 'hex'));
    }
    // Other schemes (v0, v2…) are skipped, so a sender can add a new one before we support it.
  }
  return t !== null && macs.length > 0 && macs.length <= MAX_MACS ? { t, macs } : null;
}

export interface WebhookVerifierOptions {
  secret: string;
  /** Milliseconds since the epoch; injected so tests control the window. */
  now?: () => number;
  toleranceSeconds?: number;
  maxRemembered?: number;
}

export class WebhookVerifier {
  /** Accepted MAC (hex) -> unix second after which it is outside the window and can be forgotten. */
  private readonly seen = new Map<string, number>();
  private readonly now: () => number;
  private readonly tolerance: number;
  private readonly maxRemembered: number;

  constructor(private readonly options: WebhookVerifierOptions) {
    this.now = options.now ?? Date.now;
    this.tolerance = options.toleranceSeconds ?? TOLERANCE_SECONDS;
    this.maxRemembered = options.maxRemembered ?? MAX_REMEMBERED;
  }

  /**
   * What can be checked before the body is read: the header is present, well-formed and inside the
   * time window. An unsigned or stale request is refused without reading (or buffering) its body.
   */
  precheck(header: string | string[] | undefined): WebhookVerdict {
    const checked = this.checkHeader(header);
    return checked.ok ? { ok: true } : checked;
  }

  verify(header: string | string[] | undefined, body: Buffer): WebhookVerdict {
    const checked = this.checkHeader(header);
    if (!checked.ok) return checked;
    const { parsed, nowSeconds } = checked;
    const expected = mac(this.options.secret, parsed.t, body);
    // Compare against every candidate, without an early exit, so timing says nothing about which matched.
    let matched = false;
    for (const candidate of parsed.macs) matched = timingSafeEqual(candidate, expected) || matched;
    if (!matched) return { ok: false, reason: 'mismatch' };
    return this.remember(expected.toString('hex'), parsed.t, nowSeconds);
  }

  private checkHeader(header: string | string[] | undefined): { ok: true; parsed: ParsedSignature; nowSeconds: number } | { ok: false; reason: WebhookRejection } {
    if (header === undefined || header === '') return { ok: false, reason: 'missing' };
    // A repeated header is ambiguous; refuse it rather than pick one.
    const parsed = typeof header === 'string' ? parseHeader(header) : null;
    if (!parsed) return { ok: false, reason: 'malformed' };
    const nowSeconds = Math.floor(this.now() / 1000);
    if (Math.abs(nowSeconds - parsed.t) > this.tolerance) return { ok: false, reason: 'expired' };
    return { ok: true, parsed, nowSeconds };
  }

  private remember(key: string, t: number, nowSeconds: number): WebhookVerdict {
    for (const [seenKey, expires] of this.seen) {
      // Insertion order is close to expiry order; stop at the first entry still inside its window.
      if (expires >= nowSeconds && this.seen.size < this.maxRemembered) break;
      this.seen.delete(seenKey);
    }
    if (this.seen.has(key)) return { ok: false, reason: 'replayed' };
    this.seen.set(key, t + this.tolerance);
    return { ok: true };
  }

  /** Signatures currently remembered (for tests and metrics). */
  get rememberedCount(): number {
    return this.seen.size;
  }
}
