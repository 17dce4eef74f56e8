import type { IncomingMessage, ServerResponse } from 'node:http';
import { log } from '../log';
import { NO_STORE } from './cache-control';
import { RETRY_AFTER_SECONDS } from './store-errors';

/** A short text/plain answer for non-page routes (resources, cards, sitemaps). */
export function sendPlain(res: ServerResponse, status: number, body: string, cacheControl: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', cacheControl);
  res.end(body);
}

/** 503 + Retry-After + no-store: the note store failed; nothing about this answer may be cached. */
export function sendStoreUnavailable(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  log.error('note store unavailable', { url: req.url, error });
  res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  sendPlain(res, 503, 'Service unavailable\n', NO_STORE);
}
