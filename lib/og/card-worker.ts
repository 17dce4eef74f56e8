import { Worker } from 'node:worker_threads';
import { log } from '../log';
import type { CardAnswer, CardJob, CardWorkerReady } from './card-job';
import { cardKey, CardQuarantine, type CardQuarantineOptions } from './card-quarantine';
import { CrashBackoff, type BackoffLogger, type CrashBackoffOptions } from './crash-backoff';
import { OG_HEIGHT, OG_WIDTH } from './og-image-path';

const UNAVAILABLE = Symbol.for('note-publisher.og-card-unavailable');

/** No card now (worker crashed, hung, out of memory, or too many cards waiting): answer 503, try again later. */
export class OgCardUnavailableError extends Error {
  readonly [UNAVAILABLE] = true;
  /**
   * Set when the card is refused without a worker: seconds until one starts again while workers keep
   * failing (crash-backoff.ts), or until this card may be drawn again after it killed one
   * (card-quarantine.ts). Not logged per card.
   */
  readonly retryAfterS: number | null;

  constructor(message: string, options?: { cause?: unknown; retryAfterS?: number }) {
    super(message, options);
    this.name = 'OgCardUnavailableError';
    this.retryAfterS = options?.retryAfterS ?? null;
  }

  /** The worker is one per process (render-og-image.ts), its errors come from whichever bundle's copy made it. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [UNAVAILABLE]?: unknown })[UNAVAILABLE] === true;
  }
}

/** The file a worker thread runs, and the Node options it needs for it (tsx for TypeScript sources). */
export interface WorkerEntry {
  file: string;
  execArgv: string[];
}

export interface CardWorkerOptions {
  /** Resolved when a worker starts (the first card, or the first after a crash). */
  entry: () => WorkerEntry;
  /** Longest one card may take, the worker's start (loading satori and resvg, the font) included. */
  timeoutMs: number;
  /** Cards that may wait behind the one being drawn; more fail at once. */
  maxQueued: number;
  /** Longest a card may wait for the worker before it fails: waiting and drawing stay within one request's time. */
  maxWaitMs: number;
  /** A worker with nothing to draw for this long is stopped, and its memory returned. */
  idleMs: number;
  /** V8 limits of the worker's own heap: a card that needs more ends the worker, not the instance. */
  heapMb: { old: number; young: number };
  /** When workers keep failing, cards fail at once for a while instead of each starting one. */
  backoff: CrashBackoffOptions;
  /** A card that killed its worker fails at once for a while, and only its first kill counts for `backoff`. */
  quarantine: CardQuarantineOptions;
  /** Where the back-off's start and end are logged; lib/log by default. */
  logger?: BackoffLogger;
}

interface Pending {
  job: CardJob;
  key: string;
  resolve: (png: Buffer) => void;
  reject: (error: Error) => void;
  /** Fails the card if it is still queued after `maxWaitMs`. */
  waitTimer?: NodeJS.Timeout;
}

/** PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers at 16 and 20. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isCardPng(png: Buffer): boolean {
  return png.length > 24 && png.subarray(0, 8).equals(PNG_SIGNATURE) && png.toString('latin1', 12, 16) === 'IHDR'
    && png.readUInt32BE(16) === OG_WIDTH && png.readUInt32BE(20) === OG_HEIGHT;
}

/**
 * One worker thread that draws cards, one at a time, for the whole process. Started on the first
 * card (never at boot: cold starts stay as they were), stopped after `idleMs` without work, and
 * replaced when it crashes, exceeds its heap or takes longer than `timeoutMs` on a card: that
 * card fails with OgCardUnavailableError, and the cards queued behind it go to a new worker.
 * A card that killed its worker is refused for a while (card-quarantine.ts); workers failing again
 * and again for other reasons (not starting, different cards) pause new ones (crash-backoff.ts).
 * Only a PNG of the card's size is ever handed out.
 */
export class CardWorker {
  private worker: Worker | null = null;
  private running: (Pending & { timer: NodeJS.Timeout }) | null = null;
  private readonly queue: Pending[] = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;
  /** The worker has loaded its code: from then on, its failures are the running card's. */
  private isReady = false;
  private readonly backoff: CrashBackoff;
  private readonly quarantine: CardQuarantine;

  constructor(private readonly options: CardWorkerOptions) {
    this.backoff = new CrashBackoff(options.backoff, options.logger ?? log);
    this.quarantine = new CardQuarantine(options.quarantine);
  }

  /** The running worker's thread id; null while none runs (not started yet, idled out, or just failed). */
  get threadId(): number | null {
    return this.worker?.threadId ?? null;
  }

  draw(fontPath: string, text: CardJob['text']): Promise<Buffer> {
    const key = cardKey(fontPath, text);
    const paused = this.refusedError(key) ?? this.pausedError();
    if (paused) return Promise.reject(paused);
    if (this.queue.length >= this.options.maxQueued) {
      return Promise.reject(new OgCardUnavailableError(`${this.queue.length} cards already wait for the card worker`));
    }
    return new Promise<Buffer>((resolve, reject) => {
      const pending: Pending = { job: { id: this.nextId++, fontPath, text }, key, resolve, reject };
      this.queue.push(pending);
      this.next();
      if (this.queue.includes(pending)) {
        pending.waitTimer = setTimeout(() => {
          const at = this.queue.indexOf(pending);
          if (at < 0) return;
          this.queue.splice(at, 1);
          reject(new OgCardUnavailableError(`the card waited ${this.options.maxWaitMs} ms for the card worker`));
        }, this.options.maxWaitMs);
      }
    });
  }

  /** Stops the worker now; a card being drawn fails, queued cards start a new one. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.retire(worker, new OgCardUnavailableError('the card worker was stopped'), false);
    await worker.terminate();
  }

  /** The error of a card asked for while no worker may start; null when one may. */
  private pausedError(): OgCardUnavailableError | null {
    const remainingMs = this.backoff.remainingMs();
    if (remainingMs === 0) return null;
    const retryAfterS = Math.ceil(remainingMs / 1000);
    return new OgCardUnavailableError(`the card worker failed ${this.backoff.failuresInARow} times in a row: none starts for ${retryAfterS} s`, { retryAfterS });
  }

  /** The error of a card that killed a worker not long ago; null when it may be drawn. */
  private refusedError(key: string): OgCardUnavailableError | null {
    const refusedMs = this.quarantine.refusedMs(key);
    if (refusedMs === 0) return null;
    const retryAfterS = Math.ceil(refusedMs / 1000);
    return new OgCardUnavailableError(`this card killed the card worker: it is refused for ${retryAfterS} s`, { retryAfterS });
  }

  private next(): void {
    if (this.running) return;
    const paused = this.pausedError();
    if (paused) {
      for (const pending of this.queue.splice(0)) {
        if (pending.waitTimer) clearTimeout(pending.waitTimer);
        pending.reject(paused);
      }
      return;
    }
    const pending = this.queue.shift();
    if (!pending) return this.idle();
    if (pending.waitTimer) clearTimeout(pending.waitTimer);
    // Queued behind its own copy that just killed the worker: refused, not drawn.
    const refused = this.refusedError(pending.key);
    if (refused) {
      pending.reject(refused);
      return this.next();
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    let worker: Worker;
    try {
      worker = this.worker ?? this.start();
    } catch (error) {
      const failure = new OgCardUnavailableError('the card worker could not start', { cause: error });
      this.backoff.failed(failure);
      pending.reject(failure);
      return this.next();
    }
    worker.ref();
    const timer = setTimeout(() => this.retire(worker, new OgCardUnavailableError(`no card within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    this.running = { ...pending, timer };
    if (this.isReady) worker.postMessage(pending.job);
  }

  private start(): Worker {
    const { file, execArgv } = this.options.entry();
    const { old, young } = this.options.heapMb;
    const worker = new Worker(file, { execArgv, resourceLimits: { maxOldGenerationSizeMb: old, maxYoungGenerationSizeMb: young } });
    worker.on('message', (message: unknown) => this.answered(worker, message));
    worker.on('error', (error) => this.retire(worker, new OgCardUnavailableError('the card worker failed', { cause: error })));
    worker.on('messageerror', (error) => this.retire(worker, new OgCardUnavailableError('the card worker sent a message that could not be read', { cause: error })));
    worker.on('exit', (code) => this.retire(worker, new OgCardUnavailableError(`the card worker exited (${code})`)));
    this.worker = worker;
    this.isReady = false;
    return worker;
  }

  /** Any message but one `ready`, then answers to the card being drawn, breaks the protocol: that worker is dropped. */
  private answered(worker: Worker, message: unknown): void {
    if (worker !== this.worker) return;
    if (!this.isReady && isReadyMessage(message)) {
      this.isReady = true;
      if (this.running) worker.postMessage(this.running.job);
      return;
    }
    const running = this.running;
    const answer = typeof message === 'object' && message !== null ? (message as Partial<Record<keyof CardAnswer | 'png' | 'error', unknown>>) : null;
    if (!running || answer?.id !== running.job.id) {
      return this.retire(worker, new OgCardUnavailableError('the card worker sent a message that answers no card'));
    }
    clearTimeout(running.timer);
    this.running = null;
    const png = answer.png instanceof Uint8Array ? Buffer.from(answer.png.buffer, answer.png.byteOffset, answer.png.byteLength) : null;
    if (png && isCardPng(png)) {
      this.backoff.succeeded();
      running.resolve(png);
    } else {
      running.reject(new OgCardUnavailableError(`the card worker drew no card: ${typeof answer.error === 'string' ? answer.error : 'not a PNG of the card\'s size'}`));
    }
    this.next();
  }

  /**
   * Drops `worker` (crashed, hung, exited, stopped): its card fails, the queue moves on without it.
   * A loaded worker that fails drawing a card was killed by that card: the card is quarantined, and
   * counts as a failure of the instance only the first time. Any other failure (not loaded, no card) counts.
   */
  private retire(worker: Worker, error: OgCardUnavailableError, isFailure = true): void {
    if (worker !== this.worker) return;
    this.worker = null;
    void worker.terminate();
    const running = this.running;
    this.running = null;
    if (isFailure) {
      const isCardsFault = this.isReady && running !== null;
      if (!isCardsFault || this.quarantine.killedWorker(running.key)) this.backoff.failed(error);
    }
    if (running) {
      clearTimeout(running.timer);
      running.reject(error);
    }
    this.next();
  }

  /** Nothing to draw: the worker no longer keeps the process alive, and stops after `idleMs`. */
  private idle(): void {
    const worker = this.worker;
    if (!worker || this.idleTimer) return;
    worker.unref();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.worker === worker && !this.running) {
        this.worker = null;
        void worker.terminate();
      }
    }, this.options.idleMs);
    this.idleTimer.unref();
  }
}

function isReadyMessage(message: unknown): message is CardWorkerReady {
  return typeof message === 'object' && message !== null && (message as Partial<CardWorkerReady>).ready === true;
}
