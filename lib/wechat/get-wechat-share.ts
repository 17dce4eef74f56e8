import { config } from '../config';
import { log } from '../log';
import { JsSdkTickets } from './js-sdk-tickets';
import { newNonceStr, signJsSdk } from './sign-js-sdk';
import { weChatShareLink } from './wechat-request';

/** What the WeChat variant embeds as `<script type="application/json" id="wx-share">`. */
export interface WeChatShareData {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
  /** The exact URL signed: the page's URL without its fragment. */
  url: string;
  title: string;
  desc: string;
  link: string;
  imgUrl: string;
}

/**
 * How long a page waits for a ticket it does not have yet (a new instance's first WeChat visitor).
 * Longer than a healthy WeChat API call from mainland China; short enough that a slow API costs
 * that page its share card, not a slow page.
 */
const TICKET_BUDGET_MS = 400;
/** Each call to the WeChat API. */
const WECHAT_TIMEOUT_MS = 2000;

const TICKETS = Symbol.for('note-publisher.wechat-tickets');
const registry = globalThis as typeof globalThis & { [TICKETS]?: JsSdkTickets };

/** One ticket cache per process, shared by Next's page bundles and the early note pages. */
function tickets(): JsSdkTickets | null {
  if (!config.wechat) return null;
  registry[TICKETS] ??= new JsSdkTickets({ ...config.wechat, timeoutMs: WECHAT_TIMEOUT_MS, logger: log });
  return registry[TICKETS];
}

export interface ShareCard {
  title: string;
  description: string;
  canonicalUrl: string;
  /** Absolute URL of the Open Graph card image. */
  imageUrl: string;
}

/**
 * The signed share data for `requestUrl` (a path with its query, as the browser sent it), or null
 * when WeChat cards are off or no ticket is available (the page is then served without them).
 */
export async function getWeChatShare(requestUrl: string, card: ShareCard, now = Date.now()): Promise<WeChatShareData | null> {
  const source = tickets();
  if (!source || !config.wechat) return null;
  const ticket = await source.ticket(TICKET_BUDGET_MS);
  if (!ticket) return null;
  const url = `${config.siteUrl}${requestUrl}`.split('#', 1)[0] as string;
  const timestamp = Math.floor(now / 1000);
  const nonceStr = newNonceStr();
  return {
    appId: config.wechat.appId, timestamp, nonceStr, signature: signJsSdk({ ticket, nonceStr, timestamp, url }), url,
    title: card.title, desc: card.description, link: weChatShareLink(card.canonicalUrl), imgUrl: card.imageUrl,
  };
}
