import type { IncomingMessage } from 'node:http';
import { config } from '../config';

/** WeChat's in-app browser says so in its user agent (`MicroMessenger/8.0.x`), on every platform. */
export function isWeChatBrowser(userAgent: string | undefined): boolean {
  return typeof userAgent === 'string' && userAgent.includes('MicroMessenger');
}

/** True when this request gets the WeChat variant of a page: share cards are on and the visitor is in WeChat. */
export function wantsWeChatVariant(req: Pick<IncomingMessage, 'headers'>): boolean {
  return config.wechat !== null && isWeChatBrowser(req.headers['user-agent']);
}

/**
 * Query parameters WeChat appends to links shared in chats and Moments (`from=singlemessage`,
 * `from=groupmessage`, `from=timeline`, `isappinstalled=0`), and that our own share link carries
 * (`from=wechat`). URLs with them are never stored by the CDN (everyone else gets an uncacheable
 * 301 to the clean URL), so a WeChat visitor arriving through a shared link always reaches the
 * function and gets the share card (docs/wechat.md).
 */
const SHARE_MARKERS = ['from', 'isappinstalled'];

export function isWeChatShareMarker(parameter: string): boolean {
  return SHARE_MARKERS.includes(parameter);
}

export function hasWeChatShareMarker(requestUrl: string): boolean {
  const params = new URL(requestUrl, 'http://localhost').searchParams;
  return SHARE_MARKERS.some((name) => params.has(name));
}

/** The link shared onward from a WeChat page: the canonical URL, marked (see SHARE_MARKERS). */
export function weChatShareLink(canonicalUrl: string): string {
  return `${canonicalUrl}?from=wechat`;
}
