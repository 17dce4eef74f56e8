import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { WECHAT_SHARE_SCRIPT } from './share-script-text';

const SCRIPT_HASH = `'sha256-${createHash('sha256').update(WECHAT_SHARE_SCRIPT).digest('base64')}'`;

const WECHAT_SOURCES = `${SCRIPT_HASH} https://res.wx.qq.com`;

/**
 * Opens the CSP of the WeChat variant (and only that response) to WeChat's SDK and our one inline
 * script. Every other page keeps `script-src 'none'` from next.config.js, or its own script's
 * URL; a page with a script of its own opens a per-response nonce for its variant first
 * (lib/http/script-nonce.ts), which the variant's scripts carry too, as 'strict-dynamic' requires.
 */
export function allowWeChatScripts(res: ServerResponse): void {
  const current = res.getHeader('Content-Security-Policy');
  if (typeof current !== 'string' || current.includes(WECHAT_SOURCES)) return;
  const opened = current.includes("script-src 'none'")
    ? current.replace("script-src 'none'", `script-src ${WECHAT_SOURCES}`)
    : current.replace(/script-src ([^;]*'nonce-[^;]*)/, `script-src $1 ${WECHAT_SOURCES}`);
  res.setHeader('Content-Security-Policy', opened);
}
