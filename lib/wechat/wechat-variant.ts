import type { IncomingMessage, ServerResponse } from 'node:http';
import { getWeChatShare, type ShareCard, type WeChatShareData } from './get-wechat-share';
import { allowWeChatScripts } from './share-script';

/**
 * Never stored by any cache but the visitor's own: the variant differs from the common page by
 * user agent, which the CDN does not key on. `Vary` says so to any cache that does look.
 */
export const WECHAT_VARIANT_CACHE = 'private, no-store';

/** The Open Graph tags a page already carries, as its WeChat share card; null when one is missing. */
export function shareCardFromOpenGraph(tags: ReadonlyArray<{ id: string; content: string }>): ShareCard | null {
  const og = (id: string): string | undefined => tags.find((tag) => tag.id === `og:${id}`)?.content;
  const [title, description, canonicalUrl, imageUrl] = [og('title'), og('description'), og('url'), og('image')];
  return title && description !== undefined && canonicalUrl && imageUrl ? { title, description, canonicalUrl, imageUrl } : null;
}

/**
 * Makes `res` the WeChat variant of a page (docs/wechat.md): private to the visitor, without
 * validators, and with WeChat's scripts allowed when share data could be signed. Null (the page
 * goes out without a card, with its ordinary CSP) when WeChat's API is not answering.
 */
export async function answerWeChatVariant(req: IncomingMessage, res: ServerResponse, card: ShareCard | null): Promise<WeChatShareData | null> {
  res.setHeader('Cache-Control', WECHAT_VARIANT_CACHE);
  res.setHeader('Vary', 'User-Agent');
  res.removeHeader('ETag');
  res.removeHeader('Last-Modified');
  const wxShare = card ? await getWeChatShare(req.url ?? '/', card) : null;
  if (wxShare) allowWeChatScripts(res);
  return wxShare;
}
