import { NoteStoreUnavailableError } from '../../note-store';
import { ShapeError } from './validate';

/** A failed exchange with the note service; `retryable` says whether repeating the GET may help. */
export class UpstreamError extends NoteStoreUnavailableError {
  readonly status: number | null;

  constructor(message: string, readonly retryable: boolean, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.name = 'UpstreamError';
    this.status = options?.status ?? null;
  }
}

/**
 * Transient transport failures: the connection was refused or dropped (a deploy recycling a node,
 * a keep-alive socket the server closed as we reused it). Repeating an idempotent GET is safe.
 */
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** Gateway-ish answers that usually clear on their own. A 500 is a bug upstream and is not retried. */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

export function statusError(status: number): UpstreamError {
  return new UpstreamError(`note service answered ${status}`, RETRYABLE_STATUSES.has(status), { status });
}

export function timeoutError(timeoutMs: number): UpstreamError {
  return new UpstreamError(`note service did not answer within ${timeoutMs} ms`, true);
}

/** A body that parsed but is not what the contract promises: repeating the call will not fix it. */
export function garbageError(message: string, cause?: unknown): UpstreamError {
  return new UpstreamError(`note service sent an invalid answer: ${message}`, false, { cause });
}

/** Maps anything an exchange threw to an UpstreamError; `timedOut` says our own deadline fired. */
export function toUpstreamError(error: unknown, timedOut: boolean, timeoutMs: number): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (timedOut) return timeoutError(timeoutMs);
  if (error instanceof ShapeError || error instanceof SyntaxError) return garbageError(error.message, error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamError(`note service request failed: ${code || message}`, RETRYABLE_CODES.has(code), { cause: error });
}
