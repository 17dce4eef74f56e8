import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NotePageProps } from '@/components/NotePage';
import { config as siteConfig } from '@/lib/config';
import type { SharedNote } from '@/lib/notes/types';
import { getWeChatShare, type WeChatShareData } from '@/lib/wechat/get-wechat-share';
import { allowWeChatScripts } from '@/lib/wechat/share-script';
import { noteHeaders, notePageProps } from './note-page';
import { pageValidators } from '@/lib/notes/page-version';

/**
 * Never stored by any cache but the visitor's own: the variant differs from the common page by
 * user agent, which the CDN does not key on. `Vary` says so to any cache that does look.
 */
export const WECHAT_VARIANT_CACHE = 'private, no-store';

export type WeChatNotePageProps = NotePageProps & { wxShare: WeChatShareData | null };

/** The WeChat variant of a live note: the common page plus signed share data, private to the visitor. */
export async function weChatNotePageProps(note: SharedNote, req: IncomingMessage, res: ServerResponse): Promise<WeChatNotePageProps> {
  const props = await notePageProps(note);
  const headers = noteHeaders(note, pageValidators(note));
  if (headers['x-robots-tag']) res.setHeader('X-Robots-Tag', headers['x-robots-tag']);
  res.setHeader('Cache-Control', WECHAT_VARIANT_CACHE);
  res.setHeader('Vary', 'User-Agent');
  const wxShare = await getWeChatShare(req.url ?? '/', {
    title: props.note.title,
    description: props.note.description,
    canonicalUrl: props.note.canonicalUrl,
    imageUrl: `${siteConfig.siteUrl}${props.note.ogImage.url}`,
  });
  if (wxShare) allowWeChatScripts(res);
  return { ...props, wxShare };
}
