import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NotePageProps } from '@/components/NotePage';
import { config as siteConfig } from '@/lib/config';
import type { SharedNote } from '@/lib/notes/types';
import type { WeChatShareData } from '@/lib/wechat/get-wechat-share';
import { answerWeChatVariant } from '@/lib/wechat/wechat-variant';
import { noteHeaders, notePageProps } from './note-page';
import { pageValidators } from '@/lib/notes/page-version';

export type WeChatNotePageProps = NotePageProps & { wxShare: WeChatShareData | null };

/** The WeChat variant of a live note: the common page plus signed share data, private to the visitor. */
export async function weChatNotePageProps(note: SharedNote, req: IncomingMessage, res: ServerResponse): Promise<WeChatNotePageProps> {
  const props = await notePageProps(note);
  const headers = noteHeaders(note, pageValidators(note));
  if (headers['x-robots-tag']) res.setHeader('X-Robots-Tag', headers['x-robots-tag']);
  const wxShare = await answerWeChatVariant(req, res, {
    title: props.note.title,
    description: props.note.description,
    canonicalUrl: props.note.canonicalUrl,
    imageUrl: `${siteConfig.siteUrl}${props.note.ogImage.url}`,
  });
  return { ...props, wxShare };
}
