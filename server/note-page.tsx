import type { IncomingMessage, ServerResponse } from 'node:http';
import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import { renderToStaticMarkup, renderToString } from 'react-dom/server';
import { EMPTY_NOTE_BODY, noteBodyOptions } from '@/components/NoteBody';
import { NotePage, noteHeadProps, type NotePageProps } from '@/components/NotePage';
import { PageHead } from '@/components/PageHead';
import { config as siteConfig } from '@/lib/config';
import { NOTE_PAGE_CACHE } from '@/lib/http/cache-control';
import { isNotModified, type Validators } from '@/lib/http/conditional';
import { notePageKey } from '@/lib/http/note-fast-path';
import { sendCachedResponse, type CachedResponse } from '@/lib/http/page-cache';
import { learnTemplate, templateResponse, type PageTemplate } from '@/lib/http/page-template';
import { withRenderBudget } from '@/lib/http/render-gate';
import { highlightCodeBlocks, loadHighlighter, needsHighlighter } from '@/lib/enml/highlight';
import { escapeHtml } from '@/lib/enml/html-markup';
import { renderEnmlHtmlSteps, type BodyHtml } from '@/lib/enml/render-enml';
import { runSliced, type Steps } from '@/lib/enml/steps';
import { log } from '@/lib/log';
import { notePageCache as pageCache, noteTemplate, setNoteTemplate } from '@/lib/http/note-page-cache';
import { notePath } from '@/lib/notes/slug';
import { noteLanguage, resolveSharedNote, toNoteViewSteps, type NoteLookup } from '@/lib/notes/get-note-view';
import { pageValidators } from '@/lib/notes/page-version';
import type { SharedNote } from '@/lib/notes/types';
import { buildNoteMeta } from '@/lib/seo/note-meta';
import { sitePublisher } from '@/lib/seo/site-publisher';
import { uiLocaleFor } from '@/lib/i18n/locales';
import { buildSiteNav } from '@/lib/i18n/site-nav';

export const site = { ...sitePublisher(), isProduction: siteConfig.deployEnv === 'production' };

/** The response headers of a note page that depend on the note (the rest is the same on every note). */
const NOTE_HEADERS = ['cache-control', 'etag', 'last-modified', 'x-robots-tag', 'content-language'] as const;

export function noteHeaders(note: SharedNote, validators: Validators): Record<string, string> {
  // Content-Language: Baidu reads the header as well as <html lang>.
  const headers: Record<string, string> = { 'cache-control': NOTE_PAGE_CACHE, etag: validators.etag, 'content-language': noteLanguage(note) };
  if (validators.lastModified) headers['last-modified'] = validators.lastModified.toUTCString();
  if (note.state !== 'indexable' || !site.isProduction) headers['x-robots-tag'] = 'noindex';
  return headers;
}

/**
 * The note page's props. The parse runs in slices (lib/enml/steps.ts), so a note at the content
 * limit does not hold the event loop; `sliceMs` is for tests (0: pause at every pause point).
 */
export function notePageProps(shared: SharedNote, sliceMs?: number): Promise<NotePageProps> {
  return withRenderBudget(shared.enml.length, () => propsOf(shared, sliceMs));
}

async function propsOf(shared: SharedNote, sliceMs?: number): Promise<NotePageProps> {
  const note = await runSliced(toNoteViewSteps(shared), sliceMs);
  // If the grammars cannot load, code renders plain rather than the page failing.
  if (needsHighlighter(note.body)) await loadHighlighter().catch((error: unknown) => log.warn('highlighter unavailable', { error }));
  return { kind: 'ok', note, meta: buildNoteMeta(note, site), nav: buildSiteNav(uiLocaleFor(note.lang), null), siteName: site.siteName, lang: note.lang };
}

// ---------------------------------------------------------------------------------------------
// Rendering outside Next. An uncached render through Next's pages pipeline (routing, the edge
// stream renderer, head and document assembly) costs several times the note's own rendering (see
// README "Benchmarks"). So Next's HTML for a note page is cut into a template around what varies
// per note: the `<html lang>` tag, the page's head tags (its scripts apart) and the page body.
// The template is learnt from the first note page an instance renders through Next, or read from
// the function package, where `npm run package` saved the one its recording run learnt (the early
// note pages, server/early-note-pages.ts). Notes are then rendered with react-dom's
// renderToString into that template, by the same components and props, and come out byte for
// byte as Next would have sent them (test/serverless/render-outside-next.test.ts compares every
// demo and corpus note with `next start`: status, headers and bytes). If the parts cannot be found
// in Next's page exactly once each, there is no template and every note keeps going through Next.

/** Separates what React hoists out of the page body (image preloads) from the body itself. */
const BODY_MARK = '\u{E000}note-page-body\u{E000}';

/**
 * The parts of a note page that vary per note, rendered as Next renders them, in page order:
 * `<html lang>`; next/head's elements, each marked `data-next-head`, scripts apart (the document
 * puts them after its stylesheet preloads); then the body, after the resources React hoists
 * (Next writes those just before its `<div id="__next">`).
 */
export function notePageParts(props: NotePageProps, noteBody?: BodyHtml): string[] {
  // As React writes `<html lang>` (its escaping); a render call of its own cost more than the tag.
  const htmlOpen = `<html lang="${escapeHtml(props.lang)}">`;
  const headChildren = (PageHead(noteHeadProps(props.meta)) as ReactElement<{ children: ReactNode }>).props.children;
  const tags = Children.toArray(headChildren).filter(isValidElement).map((tag) => cloneElement(tag as ReactElement<Record<string, unknown>>, { 'data-next-head': '' }));
  const headHtml = (elements: ReactElement[]): string => renderToStaticMarkup(<head>{elements}</head>).slice('<head>'.length, -'</head>'.length);
  const pageProps = noteBody ? { ...props, note: { ...props.note, body: [] } } : props;
  const page = renderToString(<>{BODY_MARK}<NotePage {...pageProps} /></>);
  const mark = page.indexOf(BODY_MARK);
  let hoisted = page.slice(0, mark);
  let body = page.slice(mark + BODY_MARK.length).replace(/^<!-- -->/, '');
  if (noteBody) {
    // Note text is escaped, so this markup can only be the body's own (empty) element.
    const at = body.indexOf(EMPTY_NOTE_BODY);
    if (at < 0 || body.lastIndexOf(EMPTY_NOTE_BODY) !== at) throw new Error('note page: the note body\'s element is not in the page exactly once');
    const open = EMPTY_NOTE_BODY.indexOf('></') + 1;
    body = `${body.slice(0, at + open)}${noteBody.html}${body.slice(at + open)}`;
    hoisted += noteBody.hoisted;
  }
  return [htmlOpen, headHtml(tags.filter((tag) => tag.type !== 'script')), headHtml(tags.filter((tag) => tag.type === 'script')), `${hoisted}<div id="__next">${body}`];
}

/**
 * notePageParts in slices: the note body (highlighting, then its markup) is written as steps
 * straight to HTML (renderEnmlHtmlSteps: the bytes React writes for it, without building React
 * elements), the page around it (header, contents, actions) rendered by React in one call, and
 * the body put into it. Same bytes as notePageParts (test/sliced-note-page.test.ts).
 */
export function* notePagePartsSteps(props: NotePageProps): Steps<string[]> {
  const { body, resources, lang } = props.note;
  const highlighted = yield* highlightCodeBlocks(body);
  const noteBody = yield* renderEnmlHtmlSteps(body, { ...noteBodyOptions(resources, lang), highlighted });
  yield;
  return notePageParts(props, noteBody);
}

/**
 * The parts of a note page, rendered in slices that give the event loop a turn (`sliceMs`: as
 * runSliced; 0, for tests, pauses at every pause point).
 */
export function renderNotePageParts(shared: SharedNote, sliceMs?: number): Promise<string[]> {
  return withRenderBudget(shared.enml.length, async () => runSliced(notePagePartsSteps(await propsOf(shared, sliceMs)), sliceMs));
}

let learningAttempts = 0;
const MAX_LEARNING_ATTEMPTS = 3;

/** Learns the template from a note page Next rendered (`response`, for `props`), if there is none yet. */
export function learnNoteTemplate(response: CachedResponse, props: NotePageProps): void {
  if (!siteConfig.noteRenderOutsideNext || noteTemplate() || learningAttempts >= MAX_LEARNING_ATTEMPTS) return;
  let template: PageTemplate | null = null;
  try {
    const parts = notePageParts(props);
    // A part that is empty for this note (no structured data, say) cannot be located: wait for another note.
    if (parts.some((part) => part === '')) return;
    learningAttempts += 1;
    template = learnTemplate(response.body.toString('utf8'), parts, response.headers, NOTE_HEADERS);
  } catch (error) {
    learningAttempts += 1;
    log.warn('note page template: rendering the parts failed', { error });
  }
  if (template) {
    setNoteTemplate(template);
    log.info('note page template learnt from Next\'s page: later notes render outside Next', { shareId: props.note.shareId });
  } else if (learningAttempts === MAX_LEARNING_ATTEMPTS) {
    log.warn('note page template: the per-note parts were not found in Next\'s page; every note page keeps going through Next');
  }
}

/** The fast path's miss handler: false leaves the request to the page (404, 410, 301, 503, no template yet). */
export function renderOutsideNext(req: IncomingMessage, res: ServerResponse, shareId: string): boolean | Promise<boolean> {
  const template = noteTemplate();
  return template ? answerFromTemplate(template, req, res, shareId) : false;
}

async function answerFromTemplate(template: PageTemplate, req: IncomingMessage, res: ServerResponse, shareId: string): Promise<boolean> {
  let result: NoteLookup;
  try {
    result = await resolveSharedNote(shareId, req.url ?? '/');
  } catch {
    return false;
  }
  if (result.kind !== 'ok') return false;
  const validators = pageValidators(result.note);
  const headers = noteHeaders(result.note, validators);
  if (isNotModified(req.headers, validators)) {
    const notModified: Record<string, unknown> = { ...template.headers, ...headers };
    delete notModified['content-type'];
    res.writeHead(304, notModified as Parameters<ServerResponse['writeHead']>[1]);
    res.end();
    return true;
  }
  const key = notePageKey(notePath(result.note.shareId, result.note.title || 'Untitled'), validators.etag);
  let response = pageCache.get(key);
  if (!response) {
    try {
      response = templateResponse(template, await renderNotePageParts(result.note), headers);
    } catch (error) {
      log.error('note page: rendering outside Next failed; Next renders it', { error, shareId });
      return false;
    }
    pageCache.set(key, response);
  }
  sendCachedResponse(req, res, response, pageCache, key);
  return true;
}
