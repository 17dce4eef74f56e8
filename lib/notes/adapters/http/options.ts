import type { Agent } from 'node:http';
import type { Config } from '../../../config';
import { NoteStoreUnavailableError } from '../../note-store';
import type { BreakerPolicy } from './circuit-breaker';
import type { RetryPolicy } from './retry';
import type { Logger } from './upstream';

export interface HttpNoteStoreOptions {
  baseUrl: string;
  token?: string | null;
  timeoutMs: number;
  cacheTtlMs: number;
  staleTtlMs: number;
  cacheEntries: number;
  maxResourceBytes: number;
  /**
   * Cached notes are served only while the note service's change feed was read less than this
   * long ago (lib/notes/adapters/http/change-watch.ts); busy instances read it every half of it.
   * Unset or 0: no feed, cached copies live for cacheTtlMs (and staleTtlMs while the service fails).
   */
  changeBoundMs?: number;
  /** Test hooks (all optional): clock, retry and breaker tuning, randomness, sleeping, socket pool, logger. */
  now?: () => number;
  retry?: Partial<RetryPolicy>;
  breaker?: Partial<BreakerPolicy>;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  agent?: Agent;
  logger?: Logger;
}

/**
 * A JSON answer beyond this is refused. A note this large could not be rendered inside SCF's 6 MB
 * body cap anyway; the cap stops one bad answer from taking the instance's memory.
 */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;
/** One sitemap entry is a title and three hashes; a megabyte means the stream is broken. */
export const MAX_NDJSON_LINE_BYTES = 1024 * 1024;

export const DEFAULT_RETRY = {
  // Three tries in all: a blip (a recycled node, a stale socket) clears within one retry; more
  // just multiply load on a struggling service.
  attempts: 3,
  // Blips last tens of ms; a 50 ms-then-100 ms ceiling stays well inside a page's budget.
  baseDelayMs: 50,
  // Only reached when tests or operators raise `attempts`; keeps any one wait far below a timeout.
  maxDelayMs: 400,
} as const;

export const DEFAULT_BREAKER: BreakerPolicy = {
  // Five failed calls in a row is not noise on a service that normally never fails.
  failureThreshold: 5,
  // One probe per 5 s per instance: a recovered service is back for readers within seconds, a dead
  // one sees a trickle instead of every page view (pages answer 503 with Retry-After meanwhile).
  coolDownMs: 5000,
};

/** The store's options from the validated config. */
export function httpNoteStoreOptions(cfg: Config): HttpNoteStoreOptions {
  if (!cfg.noteServiceUrl) throw new NoteStoreUnavailableError('NOTE_SERVICE_URL is not set');
  return {
    baseUrl: cfg.noteServiceUrl,
    token: cfg.noteServiceToken,
    timeoutMs: cfg.noteServiceTimeoutMs,
    cacheTtlMs: cfg.noteCacheTtlMs,
    staleTtlMs: cfg.noteStaleTtlMs,
    cacheEntries: cfg.noteCacheEntries,
    maxResourceBytes: cfg.maxResourceBytes,
    changeBoundMs: cfg.noteChangeBoundMs,
  };
}
