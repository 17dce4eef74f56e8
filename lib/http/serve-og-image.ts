import type { IncomingMessage, ServerResponse } from 'node:http';
import { config } from '../config';
import { getNoteStore } from '../notes/get-note-store';
import { NoteStoreUnavailableError } from '../notes/note-store';
import { isShareId } from '../notes/share-id';
import type { SharedNote } from '../notes/types';
import { formatLongDate } from '../i18n/format-date';
import { notebookOgImagePath, notebookOgImageTag, ogImagePath, ogImageTag } from '../og/og-image-path';
import { OgCardUnavailableError } from '../og/card-worker';
import { log } from '../log';
import { messagesFor } from '../i18n/messages';
import { uiLocaleFor } from '../i18n/locales';
import { isNotModified } from './conditional';
import { ERROR_PAGE_CACHE, NO_STORE, NOTE_ASSET_CACHE } from './cache-control';
import { PageCache } from './page-cache';
import { sendPlain, sendStoreUnavailable } from './plain-response';

/** Rendered cards (~150 KB each); a miss costs ~200 ms of the card worker's CPU, so popular notes stay warm. */
const cards = new PageCache(64, 16 * 1024 * 1024);
const inFlight = new Map<string, Promise<Buffer>>();

/** A card worker that crashed or hung is replaced on the next card: a retry soon after finds a new one. */
const CARD_RETRY_AFTER_SECONDS = 5;


function caption(note: SharedNote): string | null {
  const date = note.updated ?? note.created;
  return date ? formatLongDate(date, note.lang) : null;
}

interface CardSpec {
  /** The card's path: its bytes never change behind it. */
  path: string;
  title: string;
  notebook: string | null;
  caption: string | null;
}

/** One render per card even when a burst of unfurlers asks for it at once. */
function cardFor(spec: CardSpec): Promise<Buffer> {
  const key = spec.path;
  const cached = cards.get(key);
  if (cached) return Promise.resolve(cached);
  let pending = inFlight.get(key);
  if (!pending) {
    // Loaded on first use; the card is drawn in a worker thread that starts with the first card.
    pending = import('../og/render-og-image').then(({ renderOgImage }) => renderOgImage({ title: spec.title, siteName: config.siteName, notebook: spec.notebook, caption: spec.caption }, config.ogFontPath))
      .then((png) => {
        cards.set(key, png);
        return png;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

/** The card a share id names: a live note's, else a live public notebook's (first page's figures). */
async function findCard(shareId: string): Promise<{ spec: CardSpec; tag: string; isIndexable: boolean } | 'gone' | null> {
  const store = await getNoteStore();
  const note = await store.getSharedNote(shareId);
  if (note) {
    if (note.state === 'revoked') return 'gone';
    return { spec: { path: ogImagePath(note), title: note.title || 'Untitled', notebook: note.notebook, caption: caption(note) }, tag: ogImageTag(note), isIndexable: note.state === 'indexable' };
  }
  const found = await store.getPublicNotebook(shareId, 1, 1);
  if (!found) return null;
  const { notebook } = found;
  if (notebook.state === 'revoked') return 'gone';
  const lang = uiLocaleFor(found.notes[0]?.lang ?? config.defaultLocale);
  return {
    spec: { path: notebookOgImagePath(notebook), title: notebook.name, notebook: messagesFor(lang).notebook.notes(notebook.noteCount), caption: notebook.updated ? formatLongDate(notebook.updated, lang) : null },
    tag: notebookOgImageTag(notebook),
    isIndexable: notebook.state === 'indexable',
  };
}

/**
 * `/og/<shareId>/<tag>.png`: the Open Graph card of a live note or public notebook; stale tags
 * redirect to the current one. The tag is the version: it is also the card's entity tag.
 */
export async function serveOgImage(req: IncomingMessage, res: ServerResponse, shareId: string, tag: string): Promise<void> {
  if (!isShareId(shareId)) return sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
  let card: Awaited<ReturnType<typeof findCard>>;
  try {
    card = await findCard(shareId);
  } catch (error) {
    if (!(error instanceof NoteStoreUnavailableError)) throw error;
    return sendStoreUnavailable(req, res, error);
  }
  if (!card) return sendPlain(res, 404, 'Not found\n', ERROR_PAGE_CACHE);
  if (card === 'gone') return sendPlain(res, 410, 'Gone\n', ERROR_PAGE_CACHE);
  if (tag !== card.tag) {
    res.statusCode = 301;
    res.setHeader('Location', card.spec.path);
    res.setHeader('Cache-Control', ERROR_PAGE_CACHE);
    return void res.end();
  }
  const etag = `"og-${card.tag}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', NOTE_ASSET_CACHE);
  if (!card.isIndexable) res.setHeader('X-Robots-Tag', 'noindex');
  // Answered before rendering: a crawler revalidating a card costs no render.
  if (isNotModified(req.headers, { etag, lastModified: null })) {
    res.statusCode = 304;
    return void res.end();
  }
  let png: Buffer;
  try {
    png = await cardFor(card.spec);
  } catch (error) {
    if (!(error instanceof OgCardUnavailableError)) throw error;
    return sendCardUnavailable(req, res, error);
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', 'image/png');
  res.setHeader('Content-Length', String(png.length));
  res.end(req.method === 'HEAD' ? undefined : png);
}

/**
 * 503 + Retry-After + no-store: no card now (its worker crashed, hung or is full); nothing here may
 * be cached. While workers keep failing, Retry-After is the time left before one starts again, and
 * the card worker logs that state once (crash-backoff.ts); for a card that killed its worker, the
 * time it is still refused for (card-quarantine.ts), its crash logged once. These refusals are not logged one by one.
 */
function sendCardUnavailable(req: IncomingMessage, res: ServerResponse, error: OgCardUnavailableError): void {
  if (error.retryAfterS === null) log.error('og card unavailable', { url: req.url, error });
  res.removeHeader('ETag');
  res.setHeader('Retry-After', String(error.retryAfterS ?? CARD_RETRY_AFTER_SECONDS));
  sendPlain(res, 503, 'Service unavailable\n', NO_STORE);
}
