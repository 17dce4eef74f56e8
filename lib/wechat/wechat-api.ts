/**
 * The two WeChat Official Account API calls the share cards need, as documented by WeChat:
 * - POST /cgi-bin/stable_token {grant_type: client_credential, appid, secret, force_refresh: false}
 *   -> {access_token, expires_in}. The *stable* token: asking again while it is valid returns the same
 *   token, so the instances of a fleet never invalidate each other's (the plain /cgi-bin/token does:
 *   each call retires the previous token after a short grace). WeChat renews it 5 minutes early.
 * - GET /cgi-bin/ticket/getticket?access_token=…&type=jsapi -> {errcode: 0, errmsg: "ok", ticket, expires_in}.
 * Failures answer HTTP 200 with {errcode, errmsg}; a few codes matter here (see WECHAT_ERRORS).
 */

export interface Expiring {
  value: string;
  /** Lifetime WeChat gave it, in seconds (7200 at most). */
  expiresInS: number;
}

/** An error answer of the WeChat API, or the API not answering (errcode null). */
export class WeChatApiError extends Error {
  constructor(message: string, readonly errcode: number | null) {
    super(message);
    this.name = 'WeChatApiError';
  }
}

/** Error codes with their own handling; anything else is retried after a short pause. */
export const WECHAT_ERRORS = {
  busy: -1,
  invalidCredential: 40001,
  invalidAppSecret: 40125,
  invalidAppId: 40013,
  ipNotAllowed: 40164,
  tokenExpired: 42001,
  dailyQuota: 45009,
} as const;

export interface WeChatApiOptions {
  apiBase: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
}

async function call(url: string, init: RequestInit, timeoutMs: number): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'unreachable';
    throw new WeChatApiError(`WeChat API ${reason}`, null);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw new WeChatApiError(`WeChat API answered HTTP ${response.status}`, null);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new WeChatApiError('WeChat API answered something that is not JSON', null);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new WeChatApiError('WeChat API answered an unexpected shape', null);
  const answer = body as Record<string, unknown>;
  if (typeof answer.errcode === 'number' && answer.errcode !== 0) {
    const message = typeof answer.errmsg === 'string' ? answer.errmsg : '';
    throw new WeChatApiError(`WeChat API error ${answer.errcode}: ${message}`.slice(0, 300), answer.errcode);
  }
  return answer;
}

function expiring(answer: Record<string, unknown>, field: string): Expiring {
  const value = answer[field];
  const expiresInS = answer.expires_in;
  if (typeof value !== 'string' || value === '' || value.length > 2048 || typeof expiresInS !== 'number' || !(expiresInS > 0)) {
    throw new WeChatApiError(`WeChat API answer has no usable ${field}`, null);
  }
  return { value, expiresInS };
}

export function getStableAccessToken(options: WeChatApiOptions): Promise<Expiring> {
  return call(`${options.apiBase}/cgi-bin/stable_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credential', appid: options.appId, secret: options.appSecret, force_refresh: false }),
  }, options.timeoutMs).then((answer) => expiring(answer, 'access_token'));
}

export function getJsApiTicket(options: WeChatApiOptions, accessToken: string): Promise<Expiring> {
  const query = new URLSearchParams({ access_token: accessToken, type: 'jsapi' });
  return call(`${options.apiBase}/cgi-bin/ticket/getticket?${query.toString()}`, { method: 'GET' }, options.timeoutMs)
    .then((answer) => expiring(answer, 'ticket'));
}
