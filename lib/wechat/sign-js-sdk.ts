import { createHash, randomBytes } from 'node:crypto';

export interface JsSdkSignInput {
  ticket: string;
  nonceStr: string;
  /** Seconds since the epoch, as WeChat's `wx.config` takes it. */
  timestamp: number;
  /** The page URL exactly as the browser has it, without the fragment. */
  url: string;
}

/**
 * The JS-SDK's permission signature: SHA-1 (hex) of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`,
 * the fields in that (ASCII) order and their raw values, nothing URL-escaped (WeChat's JS-SDK
 * documentation, appendix 1).
 */
export function signJsSdk({ ticket, nonceStr, timestamp, url }: JsSdkSignInput): string {
  const withoutFragment = url.split('#', 1)[0] as string;
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${withoutFragment}`).digest('hex');
}

/** A fresh nonce for one signature: 16 letters and digits (WeChat takes up to 32). */
export function newNonceStr(): string {
  return randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
}
