import type { GetServerSideProps } from 'next';
import { NoteArticle } from '@/components/NoteArticle';
import { PageHead } from '@/components/PageHead';
import { SiteFrame } from '@/components/SiteFrame';
import { StatusPage } from '@/components/StatusPage';
import { config as siteConfig } from '@/lib/config';
import { ERROR_PAGE_CACHE, NOTE_PAGE_CACHE } from '@/lib/http/cache-control';
import { isNotModified } from '@/lib/http/conditional';
import { notePageKey } from '@/lib/http/note-fast-path';
import { captureResponse } from '@/lib/http/page-cache';
import { loadHighlighter, needsHighlighter } from '@/lib/enml/highlight';
import { log } from '@/lib/log';
import { ensureNoteFastPath, notePageCache as pageCache } from '@/lib/notes/note-page-cache';
import { notePath } from '@/lib/notes/slug';
import { withStoreErrors } from '@/lib/http/store-errors';
import { noteValidators, resolveSharedNote, toNoteView, type NoteView } from '@/lib/notes/get-note-view';
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
  // Repeat requests for a rendered version are then answered in front of Next.
  ensureNoteFastPath();
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
      res.setHeader('Cache-Control', NOTE_PAGE_CACHE);
      res.setHeader('ETag', validators.etag);
      if (validators.lastModified) res.setHeader('Last-Modified', validators.lastModified.toUTCString());
      if (result.note.state !== 'indexable' || !site.isProduction) res.setHeader('X-Robots-Tag', 'noindex');
      if (isNotModified(req.headers, validators)) {
        // Answered before rendering; Next skips the render once the response is sent.
        res.statusCode = 304;
        res.end();
        return { props: { kind: 'sent', siteName: site.siteName, lang: result.note.lang } };
      }
      const key = notePageKey(notePath(result.note.shareId, result.note.title || 'Untitled'), validators.etag);
      const cached = pageCache.get(key);
      if (cached) {
        res.writeHead(200, { ...cached.headers, 'content-length': String(cached.body.length) });
        res.end(req.method === 'HEAD' ? undefined : cached.body);
        return { props: { kind: 'sent', siteName: site.siteName, lang: result.note.lang } };
      }
      captureResponse(res, (response) => pageCache.set(key, response));
      const note = toNoteView(result.note);
      // If the grammars cannot load, code renders plain rather than the page failing.
      if (needsHighlighter(note.body)) await loadHighlighter().catch((error: unknown) => log.warn('highlighter unavailable', { error }));
      return { props: { kind: 'ok', note, meta: buildNoteMeta(note, site), nav: buildSiteNav(uiLocaleFor(note.lang), null), siteName: site.siteName, lang: note.lang } };
    }
  }
}, () => ({ kind: 'unavailable', status: statusPageModel('unavailable', DEFAULT_LOCALE), siteName: siteConfig.siteName, lang: DEFAULT_LOCALE }));

export default function SharedNotePage(props: Props) {
  if (props.kind === 'sent') return null;
  if (props.kind !== 'ok') return <StatusPage siteName={props.siteName} {...props.status} />;
  const { note, meta } = props;
  return (
    <SiteFrame siteName={props.siteName} nav={props.nav}>
      <PageHead title={meta.title} description={meta.description} canonicalUrl={meta.canonicalUrl} robots={meta.robots} tags={meta.tags} jsonLd={meta.jsonLd} />
      <NoteArticle note={note} />
    </SiteFrame>
  );
}
