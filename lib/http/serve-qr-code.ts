import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { config } from '../config';
import { getNoteStore } from '../notes/get-note-store';
import { NoteStoreUnavailableError } from '../notes/note-store';
import { isShareId } from '../notes/share-id';
import { qrCodeSvg, qrCodeTarget } from '../seo/qr-code';
import { ERROR_PAGE_CACHE, NOTE_ASSET_CACHE, NO_STORE } from './cache-control';
import { isNotModified } from './conditional';
import { sendPlain, sendStoreUnavailable } from './plain-response';

/**
 * `/qr/<shareId>.svg`: the QR code desktop readers scan to open a note on their phone. Drawn on
 * request rather than inside every page render (phones never load it: it is hidden there). Its
 * bytes never change (it encodes the share's short URL), but it ends with the share (NOTE_ASSET_CACHE).
 */
export async function serveQrCode(req: IncomingMessage, res: ServerResponse, shareId: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendPlain(res, 405, 'Method not allowed\n', NO_STORE);
    return;
  }
  if (!isShareId(shareId)) {
    sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
    return;
  }
  let note;
  try {
    note = await (await getNoteStore()).getSharedNote(shareId);
  } catch (error) {
    if (!(error instanceof NoteStoreUnavailableError)) throw error;
    sendStoreUnavailable(req, res, error);
    return;
  }
  if (!note || note.state === 'revoked') {
    sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
    return;
  }
  const target = qrCodeTarget(config.siteUrl, shareId);
  // The code depends on its target URL only; the tag says which one, so a new SITE_URL is a new tag.
  const etag = `"qr-${createHash('sha1').update(target).digest('base64url').slice(0, 16)}"`;
  res.setHeader('ETag', etag);
  if (isNotModified(req.headers, { etag, lastModified: null })) {
    res.setHeader('Cache-Control', NOTE_ASSET_CACHE);
    if (note.state !== 'indexable') res.setHeader('X-Robots-Tag', 'noindex');
    res.statusCode = 304;
    res.end();
    return;
  }
  const svg = qrCodeSvg(target);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'image/svg+xml; charset=utf-8');
  res.setHeader('Cache-Control', NOTE_ASSET_CACHE);
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (note.state !== 'indexable') res.setHeader('X-Robots-Tag', 'noindex');
  res.end(req.method === 'HEAD' ? undefined : svg);
}
