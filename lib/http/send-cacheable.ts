import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isNotModified } from './conditional';

/**
 * Sends a small generated body (robots.txt, a feed) with a digest of its bytes as entity tag, and
 * 304 when the client already has those bytes: a validator on every cacheable response, even
 * where nothing cheaper than the body says what changed.
 */
export function sendCacheable(req: IncomingMessage, res: ServerResponse, body: string, contentType: string, cacheControl: string, lastModified: Date | null = null): void {
  const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('ETag', etag);
  if (lastModified) res.setHeader('Last-Modified', lastModified.toUTCString());
  if (isNotModified(req.headers, { etag, lastModified })) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : body);
}
