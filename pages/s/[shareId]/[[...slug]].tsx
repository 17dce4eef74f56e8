import type { GetServerSideProps } from 'next';
import { NotePage, type NotePageProps } from '@/components/NotePage';
import { StatusPage } from '@/components/StatusPage';
import { config as siteConfig } from '@/lib/config';
import { ERROR_PAGE_CACHE, REDIRECT_CACHE } from '@/lib/http/cache-control';
import { isNotModified } from '@/lib/http/conditional';
import { notePageKey } from '@/lib/http/note-fast-path';
import { captureResponse, sendCachedResponse } from '@/lib/http/page-cache';
import { ensureNoteFastPath, notePageCache as pageCache } from '@/lib/http/note-page-cache';
import { learnNoteTemplate, noteHeaders, notePageProps, renderOutsideNext, site } from '@/server/note-page';
import { notePath } from '@/lib/notes/slug';
import { withStoreErrors } from '@/lib/http/store-errors';
import { resolveSharedNote } from '@/lib/notes/get-note-view';
import { pageValidators } from '@/lib/notes/page-version';
import { DEFAULT_LOCALE, uiLocaleFor } from '@/lib/i18n/locales';
import { statusPageModel, type StatusPageModel } from '@/lib/i18n/status-pages';
import { WeChatShare } from '@/components/WeChatShare';
import { hasWeChatShareMarker, splitShareMarkers, wantsWeChatVariant, withShareMarkers } from '@/lib/wechat/wechat-request';
import { weChatNotePageProps, type WeChatNotePageProps } from '@/server/wechat-note-page';

/** `sent`: the response was already written (304, or a cached page); Next renders nothing. */
type Props = NotePageProps | WeChatNotePageProps | ({ siteName: string; lang: string } & (
  | { kind: 'gone'; status: StatusPageModel }
  | { kind: 'unavailable'; status: StatusPageModel }
  | { kind: 'sent' }));

/** Content pages need no client JavaScript: the note is complete HTML. */
export const config = { unstable_runtimeJS: false };

export const getServerSideProps: GetServerSideProps<Props> = withStoreErrors<Props>(async ({ params, req, res }) => {
  // Later requests for notes are then answered in front of Next: from the page cache, or rendered
  // outside Next (server/note-page.tsx) once this instance has the page's template.
  // The early note pages may have registered the fast path before Next loaded; theirs is kept.
  ensureNoteFastPath(renderOutsideNext);
  const shareId = typeof params?.shareId === 'string' ? params.shareId : '';
  // In WeChat (share cards on): the same page plus share data, private to the visitor (docs/wechat.md).
  const isWeChat = wantsWeChatVariant(req);
  const { lookupUrl, markers } = isWeChat ? splitShareMarkers(req.url ?? '/') : { lookupUrl: req.url ?? '/', markers: '' };
  const result = await resolveSharedNote(shareId, lookupUrl);
  switch (result.kind) {
    case 'not-found':
      res.setHeader('Cache-Control', ERROR_PAGE_CACHE);
      return { notFound: true };
    case 'redirect':
      // WeChat's share markers make a per-reader answer: never cached by the CDN, which keys on the URL
      // alone and would otherwise hand a browser's redirect of a marked link (?from=…) to WeChat readers.
      // Every other variant (tracking or unknown parameters included) is the same redirect for everyone.
      if (!markers && !hasWeChatShareMarker(req.url ?? '/')) res.setHeader('Cache-Control', REDIRECT_CACHE);
      return { redirect: { destination: withShareMarkers(result.location, markers), statusCode: 301 } };
    case 'gone':
      res.statusCode = 410;
      res.setHeader('Cache-Control', ERROR_PAGE_CACHE);
      res.setHeader('X-Robots-Tag', 'noindex');
      return { props: { kind: 'gone', status: statusPageModel('noteGone', uiLocaleFor(result.lang)), siteName: site.siteName, lang: result.lang } };
    case 'ok': {
      if (isWeChat) return { props: await weChatNotePageProps(result.note, req, res) };
      const validators = pageValidators(result.note);
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
        sendCachedResponse(req, res, cached, pageCache, key);
        return { props: { kind: 'sent', siteName: site.siteName, lang: result.note.lang } };
      }
      const props = await notePageProps(result.note);
      captureResponse(res, (response) => {
        pageCache.set(key, response);
        learnNoteTemplate(response, props);
      });
      return { props };
    }
  }
}, () => ({ kind: 'unavailable', status: statusPageModel('unavailable', DEFAULT_LOCALE), siteName: siteConfig.siteName, lang: DEFAULT_LOCALE }));

export default function SharedNotePage(props: Props) {
  if (props.kind === 'sent') return null;
  if (props.kind !== 'ok') return <StatusPage siteName={props.siteName} {...props.status} />;
  if ('wxShare' in props && props.wxShare) {
    return (
      <>
        <NotePage {...props} />
        <WeChatShare data={props.wxShare} />
      </>
    );
  }
  return <NotePage {...props} />;
}
