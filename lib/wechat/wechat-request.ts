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

export function hasWeChatShareMarker(requestUrl: string): boolean {
  const params = new URL(requestUrl, 'http://localhost').searchParams;
  return SHARE_MARKERS.some((name) => params.has(name));
}

/**
 * The request URL without WeChat's share markers, for resolving the note (the markers are answered
 * here, not redirected away, see lib/wechat/wechat-request.ts), and the markers alone, to keep on a
 * redirect (an old slug) so the next request still reaches the function.
 */
export function splitShareMarkers(requestUrl: string): { lookupUrl: string; markers: string } {
  const url = new URL(requestUrl, 'http://localhost');
  const markers = new URLSearchParams();
  for (const [name, value] of [...url.searchParams]) {
    if (SHARE_MARKERS.includes(name)) {
      markers.append(name, value);
      url.searchParams.delete(name);
    }
  }
  return { lookupUrl: `${url.pathname}${url.search}`, markers: markers.toString() };
}

/** `location` with the share markers split off the request (splitShareMarkers) put back on. */
export function withShareMarkers(location: string, markers: string): string {
  return markers ? `${location}${location.includes('?') ? '&' : '?'}${markers}` : location;
}

/** The link shared onward from a WeChat page: the canonical URL, marked (see SHARE_MARKERS). */
export function weChatShareLink(canonicalUrl: string): string {
  return withShareMarkers(canonicalUrl, 'from=wechat');
}
