import type { IncomingMessage, ServerResponse } from 'node:http';
import { config } from '../config';
import { getNoteStore } from '../notes/get-note-store';
import { NoteStoreUnavailableError } from '../notes/note-store';
import { isShareId } from '../notes/share-id';
import type { SharedNote } from '../notes/types';
import { formatLongDate } from '../i18n/format-date';
import { ogImagePath, ogImageTag } from '../og/og-image-path';
import { ERROR_PAGE_CACHE, NOTE_ASSET_CACHE } from './cache-control';
import { PageCache } from './page-cache';
import { sendPlain, sendStoreUnavailable } from './plain-response';

/** Rendered cards (~150 KB each); a miss costs ~200 ms of CPU, so popular notes stay warm. */
const cards = new PageCache(64, 16 * 1024 * 1024);
const inFlight = new Map<string, Promise<Buffer>>();


function caption(note: SharedNote): string | null {
  const date = note.updated ?? note.created;
  return date ? formatLongDate(date, note.lang) : null;
}

/** One render per card even when a burst of unfurlers asks for it at once. */
function cardFor(note: SharedNote): Promise<Buffer> {
  const key = ogImagePath(note);
  const cached = cards.get(key);
  if (cached) return Promise.resolve(cached);
  let pending = inFlight.get(key);
  if (!pending) {
    // Loaded on first use: satori and resvg's WebAssembly stay off the page path and out of cold starts.
    pending = import('../og/render-og-image').then(({ renderOgImage }) => renderOgImage({ title: note.title || 'Untitled', siteName: config.siteName, notebook: note.notebook, caption: caption(note) }, config.ogFontPath))
      .then((png) => {
        cards.set(key, png);
        return png;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

/** `/og/<shareId>/<tag>.png`: the Open Graph card of a live note; stale tags redirect to the current one. */
export async function serveOgImage(req: IncomingMessage, res: ServerResponse, shareId: string, tag: string): Promise<void> {
  if (!isShareId(shareId)) return sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
  let note: SharedNote | null;
  try {
    note = await (await getNoteStore()).getSharedNote(shareId);
  } catch (error) {
    if (!(error instanceof NoteStoreUnavailableError)) throw error;
    return sendStoreUnavailable(req, res, error);
  }
  if (!note) return sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
  if (note.state === 'revoked') return sendPlain(res, 410, 'Gone\n', ERROR_PAGE_CACHE);
  if (tag !== ogImageTag(note)) {
    res.statusCode = 301;
    res.setHeader('Location', ogImagePath(note));
    res.setHeader('Cache-Control', ERROR_PAGE_CACHE);
    return void res.end();
  }
  const png = await cardFor(note);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'image/png');
  res.setHeader('Content-Length', String(png.length));
  res.setHeader('Cache-Control', NOTE_ASSET_CACHE);
  if (note.state !== 'indexable') res.setHeader('X-Robots-Tag', 'noindex');
  res.end(req.method === 'HEAD' ? undefined : png);
}
