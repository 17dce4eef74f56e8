import type { IncomingMessage, ServerResponse } from 'node:http';
import { config } from '../config';
import { getNoteStore } from '../notes/get-note-store';
import { notebookValidators, parsePageParam, toNotebookEntry, type NotebookEntry } from '../notes/get-notebook-view';
import { NoteStoreUnavailableError } from '../notes/note-store';
import { isShareId } from '../notes/share-id';
import { ERROR_PAGE_CACHE, NOTE_PAGE_CACHE, NO_STORE } from './cache-control';
import { isNotModified } from './conditional';
import { RETRY_AFTER_SECONDS } from './store-errors';
import { log } from '../log';

/** One page of a public notebook as JSON: what the notebook page's "load more" appends. */
export interface NotebookPageJson {
  page: number;
  pageCount: number;
  nextPage: number | null;
  notes: NotebookEntry[];
}

function sendJson(res: ServerResponse, status: number, body: unknown, cacheControl: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', cacheControl);
  // Data, never a document: nothing here may be framed, sniffed or indexed.
  res.setHeader('X-Robots-Tag', 'noindex');
  res.end(JSON.stringify(body));
}

/** GET /api/nb/<id>?page=N with the same statuses as the page: 404, 410, 503, 304. */
export async function serveNotebookJson(req: IncomingMessage, res: ServerResponse, shareId: string, pageParam: string | string[] | undefined): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendJson(res, 405, { error: 'method not allowed' }, NO_STORE);
    return;
  }
  const page = parsePageParam(pageParam);
  if (!isShareId(shareId) || page === null) {
    sendJson(res, 404, { error: 'not found' }, ERROR_PAGE_CACHE);
    return;
  }
  let found;
  try {
    found = await (await getNoteStore()).getPublicNotebook(shareId, page, config.notebookPageSize);
  } catch (error) {
    if (!(error instanceof NoteStoreUnavailableError)) throw error;
    log.error('note store unavailable', { url: req.url, error });
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    sendJson(res, 503, { error: 'unavailable' }, NO_STORE);
    return;
  }
  if (!found || (found.notebook.state !== 'revoked' && page > found.pageCount)) {
    sendJson(res, 404, { error: 'not found' }, ERROR_PAGE_CACHE);
    return;
  }
  if (found.notebook.state === 'revoked') {
    sendJson(res, 410, { error: 'gone' }, ERROR_PAGE_CACHE);
    return;
  }
  const validators = notebookValidators(found);
  res.setHeader('ETag', validators.etag);
  if (isNotModified(req.headers, validators)) {
    res.statusCode = 304;
    res.setHeader('Cache-Control', NOTE_PAGE_CACHE);
    res.end();
    return;
  }
  const body: NotebookPageJson = {
    page: found.page,
    pageCount: found.pageCount,
    nextPage: found.page < found.pageCount ? found.page + 1 : null,
    notes: found.notes.map(toNotebookEntry),
  };
  sendJson(res, 200, body, NOTE_PAGE_CACHE);
}
