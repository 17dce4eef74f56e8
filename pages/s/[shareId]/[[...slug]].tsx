import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GetServerSideProps } from 'next';
import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import { renderToStaticMarkup, renderToString } from 'react-dom/server';
import { NoteArticle } from '@/components/NoteArticle';
import { PageHead, type PageHeadProps } from '@/components/PageHead';
import { SiteFrame } from '@/components/SiteFrame';
import { StatusPage } from '@/components/StatusPage';
import { config as siteConfig } from '@/lib/config';
import { ERROR_PAGE_CACHE, NOTE_PAGE_CACHE } from '@/lib/http/cache-control';
import { isNotModified } from '@/lib/http/conditional';
import { notePageKey } from '@/lib/http/note-fast-path';
import { captureResponse, sendCachedResponse, type CachedResponse } from '@/lib/http/page-cache';
import { learnTemplate, templateResponse, type PageTemplate } from '@/lib/http/page-template';
import type { Validators } from '@/lib/http/conditional';
import { loadHighlighter, needsHighlighter } from '@/lib/enml/highlight';
import { log } from '@/lib/log';
import { ensureNoteFastPath, notePageCache as pageCache } from '@/lib/notes/note-page-cache';
import { notePath } from '@/lib/notes/slug';
import { withStoreErrors } from '@/lib/http/store-errors';
import { noteValidators, resolveSharedNote, toNoteView, type NoteLookup, type NoteView } from '@/lib/notes/get-note-view';
import type { SharedNote } from '@/lib/notes/types';
import { buildNoteMeta, type PageMeta } from '@/lib/seo/note-meta';
import { DEFAULT_LOCALE, uiLocaleFor } from '@/lib/i18n/locales';
import { buildSiteNav, type SiteNav } from '@/lib/i18n/site-nav';
import { statusPageModel, type StatusPageModel } from '@/lib/i18n/status-pages';

/** `sent`: the response was already written (304, or a cached page); Next renders nothing. */
type Props = { siteName: string; lang: string } & (
  | { kind: 'ok'; note: NoteView; meta: PageMeta; nav: SiteNav }
  | { kind: 'gone'; status: StatusPageModel }
  | { kind: 'unavailable'; status: StatusPageModel }
  | { kind: 'sent' });

/** Content pages need no client JavaScript: the note is complete HTML. */
export const config = { unstable_runtimeJS: false };

const site = { siteName: siteConfig.siteName, siteUrl: siteConfig.siteUrl, isProduction: siteConfig.deployEnv === 'production' };

export const getServerSideProps: GetServerSideProps<Props> = withStoreErrors<Props>(async ({ params, req, res }) => {
  // Later requests for notes are then answered in front of Next: from the page cache, or rendered
  // by renderOutsideNext once this instance has learnt the page's template from Next.
  ensureNoteFastPath(renderOutsideNext);
  const shareId = typeof params?.shareId === 'string' ? params.shareId : '';
  const result = await resolveSharedNote(shareId, req.url ?? '/');
  switch (result.kind) {
    case 'not-found':
      res.setHeader('Cache-Control', ERROR_PAGE_CACHE);
      return { notFound: true };
    case 'redirect':
      return { redirect: { destination: result.location, statusCode: 301 } };
    case 'gone':
      res.statusCode = 410;
      res.setHeader('Cache-Control', ERROR_PAGE_CACHE);
      res.setHeader('X-Robots-Tag', 'noindex');
      return { props: { kind: 'gone', status: statusPageModel('noteGone', uiLocaleFor(result.lang)), siteName: site.siteName, lang: result.lang } };
    case 'ok': {
      const validators = noteValidators(result.note);
      for (const [name, value] of Object.entries(noteHeaders(result.note, validators))) res.setHeader(name, value);
      if (isNotModified(req.headers, validators)) {
        // Answered before rendering; Next skips the render once the response is sent.
        res.statusCode = 304;
        res.end();
        return { props: { kind: 'sent', siteName: site.siteName, lang: result.note.lang } };
      }
      const key = notePageKey(notePath(result.note.shareId, result.note.title || 'Untitled'), validators.etag);
      const cached = pageCache.get(key);
      if (cached) {
        sendCachedResponse(req, res, cached);
        return { props: { kind: 'sent', siteName: site.siteName, lang: result.note.lang } };
      }
      const props = await okProps(result.note);
      captureResponse(res, (response) => {
        pageCache.set(key, response);
        learnNoteTemplate(response, props);
      });
      return { props };
    }
  }
}, () => ({ kind: 'unavailable', status: statusPageModel('unavailable', DEFAULT_LOCALE), siteName: siteConfig.siteName, lang: DEFAULT_LOCALE }));

type OkProps = Extract<Props, { kind: 'ok' }>;

/** The response headers of a note page that depend on the note (the rest is the same on every note). */
const NOTE_HEADERS = ['cache-control', 'etag', 'last-modified', 'x-robots-tag'] as const;

function noteHeaders(note: SharedNote, validators: Validators): Record<string, string> {
  const headers: Record<string, string> = { 'cache-control': NOTE_PAGE_CACHE, etag: validators.etag };
  if (validators.lastModified) headers['last-modified'] = validators.lastModified.toUTCString();
  if (note.state !== 'indexable' || !site.isProduction) headers['x-robots-tag'] = 'noindex';
  return headers;
}

async function okProps(shared: SharedNote): Promise<OkProps> {
  const note = toNoteView(shared);
  // If the grammars cannot load, code renders plain rather than the page failing.
  if (needsHighlighter(note.body)) await loadHighlighter().catch((error: unknown) => log.warn('highlighter unavailable', { error }));
  return { kind: 'ok', note, meta: buildNoteMeta(note, site), nav: buildSiteNav(uiLocaleFor(note.lang), null), siteName: site.siteName, lang: note.lang };
}

function headProps(meta: PageMeta): PageHeadProps {
  return { title: meta.title, description: meta.description, canonicalUrl: meta.canonicalUrl, robots: meta.robots, tags: meta.tags, jsonLd: meta.jsonLd };
}

export default function SharedNotePage(props: Props) {
  if (props.kind === 'sent') return null;
  if (props.kind !== 'ok') return <StatusPage siteName={props.siteName} {...props.status} />;
  return (
    <SiteFrame siteName={props.siteName} nav={props.nav}>
      <PageHead {...headProps(props.meta)} />
      <NoteArticle note={props.note} />
    </SiteFrame>
  );
}

// ---------------------------------------------------------------------------------------------
// Rendering outside Next. An uncached render through Next's pages pipeline (routing, the edge
// stream renderer, head and document assembly) costs several times the note's own rendering (see
// README "Benchmarks"). So the first note page an instance renders goes through Next, and its
// HTML is cut into a template around what varies per note: the `<html lang>` tag, the page's head
// tags (its scripts apart) and the page body. Later notes are rendered with react-dom's
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
function notePageParts(props: OkProps): string[] {
  const html = renderToStaticMarkup(<html lang={props.lang} />);
  const htmlOpen = html.slice(0, html.indexOf('<head>'));
  const headChildren = (PageHead(headProps(props.meta)) as ReactElement<{ children: ReactNode }>).props.children;
  const tags = Children.toArray(headChildren).filter(isValidElement).map((tag) => cloneElement(tag as ReactElement<Record<string, unknown>>, { 'data-next-head': '' }));
  const headHtml = (elements: ReactElement[]): string => renderToStaticMarkup(<head>{elements}</head>).slice('<head>'.length, -'</head>'.length);
  const page = renderToString(<>{BODY_MARK}<SharedNotePage {...props} /></>);
  const mark = page.indexOf(BODY_MARK);
  const body = page.slice(mark + BODY_MARK.length).replace(/^<!-- -->/, '');
  return [htmlOpen, headHtml(tags.filter((tag) => tag.type !== 'script')), headHtml(tags.filter((tag) => tag.type === 'script')), `${page.slice(0, mark)}<div id="__next">${body}`];
}

let noteTemplate: PageTemplate | null = null;
let learningAttempts = 0;
const MAX_LEARNING_ATTEMPTS = 3;

function learnNoteTemplate(response: CachedResponse, props: OkProps): void {
  if (!siteConfig.noteRenderOutsideNext || noteTemplate || learningAttempts >= MAX_LEARNING_ATTEMPTS) return;
  try {
    const parts = notePageParts(props);
    // A part that is empty for this note (no structured data, say) cannot be located: wait for another note.
    if (parts.some((part) => part === '')) return;
    learningAttempts += 1;
    noteTemplate = learnTemplate(response.body.toString('utf8'), parts, response.headers, NOTE_HEADERS);
    if (noteTemplate) log.info('note page template learnt from Next\'s page: later notes render outside Next', { shareId: props.note.shareId });
  } catch (error) {
    learningAttempts += 1;
    log.warn('note page template: rendering the parts failed', { error });
  }
  if (!noteTemplate && learningAttempts === MAX_LEARNING_ATTEMPTS) {
    log.warn('note page template: the per-note parts were not found in Next\'s page; every note page keeps going through Next');
  }
}

/** The fast path's miss handler: false leaves the request to the page (404, 410, 301, 503, no template yet). */
function renderOutsideNext(req: IncomingMessage, res: ServerResponse, shareId: string): boolean | Promise<boolean> {
  const template = noteTemplate;
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
  const validators = noteValidators(result.note);
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
      response = templateResponse(template, notePageParts(await okProps(result.note)), headers);
    } catch (error) {
      log.error('note page: rendering outside Next failed; Next renders it', { error, shareId });
      return false;
    }
    pageCache.set(key, response);
  }
  sendCachedResponse(req, res, response);
  return true;
}
