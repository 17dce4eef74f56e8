import type { IncomingMessage, ServerResponse } from 'node:http';
import { config } from '../config';
import { getNoteStore } from '../notes/get-note-store';
import { NoteStoreUnavailableError } from '../notes/note-store';
import { isInlineImage } from '../notes/resource-kind';
import { isShareId } from '../notes/share-id';
import { ERROR_PAGE_CACHE, NOTE_ASSET_CACHE, NO_STORE } from './cache-control';
import { contentDisposition, DOWNLOAD_CONTENT_TYPE, safeFileName } from './content-disposition';
import { sendPlain, sendStoreUnavailable } from './plain-response';

const MD5_HEX = /^[0-9a-f]{32}$/;

/**
 * Serves a note's image or attachment. Only verified raster images of an allow-listed type are
 * shown inline; everything else is a download of `application/octet-stream`, whatever type the
 * note claims. A sandboxing CSP and nosniff make sure nothing served here can run in our origin;
 * Cross-Origin-Resource-Policy keeps other sites from embedding it (same-site: a CDN or image
 * host on a sibling domain still can).
 */
export async function serveResource(req: IncomingMessage, res: ServerResponse, shareId: string, hash: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendPlain(res, 405, 'Method not allowed\n', NO_STORE);
    return;
  }
  if (!isShareId(shareId) || !MD5_HEX.test(hash)) {
    sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
    return;
  }
  let resource;
  let isIndexable = false;
  try {
    const store = await getNoteStore();
    resource = await store.getResource(shareId, hash);
    // A link-only note's files must stay out of search results like the note itself.
    if (resource) isIndexable = (await (store.getShareVersion ? store.getShareVersion(shareId) : store.getSharedNote(shareId)))?.state === 'indexable';
  } catch (error) {
    if (!(error instanceof NoteStoreUnavailableError)) throw error;
    sendStoreUnavailable(req, res, error);
    return;
  }
  if (!resource) {
    sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
    return;
  }
  const etag = `"${resource.hash}"`;
  const inline = isInlineImage(resource.mime, resource.width);
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', NOTE_ASSET_CACHE);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  if (!isIndexable) res.setHeader('X-Robots-Tag', 'noindex');
  const fileName = safeFileName(resource.fileName, resource.hash.slice(0, 12));
  res.setHeader('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', fileName));
  res.setHeader('Content-Type', inline ? resource.mime : DOWNLOAD_CONTENT_TYPE);
  res.setHeader('Cross-Origin-Resource-Policy', 'same-site');
  if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  if (resource.size > config.maxResourceBytes) {
    // Larger than the platform can return; say so instead of letting the gateway cut the body.
    res.removeHeader('Content-Disposition');
    res.removeHeader('ETag');
    sendPlain(res, 413, `This file is ${resource.size} bytes, more than the ${config.maxResourceBytes} bytes the web can serve; open it in the app.\n`, ERROR_PAGE_CACHE);
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Length', String(resource.data.length));
  res.end(resource.data);
}
