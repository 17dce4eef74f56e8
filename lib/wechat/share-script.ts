import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { WECHAT_SHARE_SCRIPT } from './share-script-text';

const SCRIPT_HASH = `'sha256-${createHash('sha256').update(WECHAT_SHARE_SCRIPT).digest('base64')}'`;

/**
 * Opens the CSP of the WeChat variant (and only that response) to WeChat's SDK and our one inline
 * script. Every other page keeps `script-src 'none'` from next.config.js.
 */
export function allowWeChatScripts(res: ServerResponse): void {
  const current = res.getHeader('Content-Security-Policy');
  if (typeof current !== 'string' || !current.includes("script-src 'none'")) return;
  res.setHeader('Content-Security-Policy', current.replace("script-src 'none'", `script-src ${SCRIPT_HASH} https://res.wx.qq.com`));
}
