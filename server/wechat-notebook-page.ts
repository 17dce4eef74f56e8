import type { IncomingMessage, ServerResponse } from 'node:http';
import { config } from '@/lib/config';
import { allowPageScriptsByNonce } from '@/lib/http/script-nonce';
import type { ListingHead } from '@/lib/seo/listing-meta';
import type { WeChatShareData } from '@/lib/wechat/get-wechat-share';
import { answerWeChatVariant, shareCardFromOpenGraph } from '@/lib/wechat/wechat-variant';

/** The notebook page's route, which runs its own script ("load more"), allowed by its URL on the common page. */
const NOTEBOOK_PAGE = '/nb/[notebookShareId]';

/**
 * The WeChat variant of a notebook page: its Open Graph card as the share card, private to the
 * visitor. The nonce is opened first so that the variant's scripts and the page's own run under
 * the same one ('strict-dynamic' ignores the SDK's host); the document then reuses it.
 */
export async function weChatNotebookShare(req: IncomingMessage, res: ServerResponse, head: ListingHead): Promise<{ wxShare: WeChatShareData | null; wxNonce: string | null }> {
  const nonce = allowPageScriptsByNonce(NOTEBOOK_PAGE, req, res, config) ?? null;
  const wxShare = await answerWeChatVariant(req, res, shareCardFromOpenGraph(head.tags));
  return { wxShare, wxNonce: wxShare ? nonce : null };
}
