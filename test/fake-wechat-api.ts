import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

/**
 * A stand-in for the WeChat Official Account API (api.weixin.qq.com), built from WeChat's
 * documentation of the three calls it serves: what they check, what they answer, and the error
 * codes they use. Errors are HTTP 200 with {errcode, errmsg}, as WeChat sends them.
 * - POST /cgi-bin/stable_token {grant_type, appid, secret, force_refresh}: the stable token. Normal
 *   mode returns the current token while it is valid; force_refresh retires it for a new one.
 * - GET /cgi-bin/token?grant_type&appid&secret: the plain token; every call retires the previous
 *   one (what a fleet must not do; counted so tests can show it is never called).
 * - GET /cgi-bin/ticket/getticket?access_token&type=jsapi: the JS-SDK ticket; 40001 for a retired token.
 */

export const TEST_APP_ID = 'wx0123456789abcdef';
export const TEST_APP_SECRET = '0123456789abcdef0123456789abcdef';

/** `ok`, or an error code to answer every call with, or a transport fault. */
export type WeChatMode = 'ok' | 'busy' | 'quota' | 'ip-not-allowed' | 'http-500' | 'garbage' | 'hold' | 'dead';

const ERRORS: Record<'busy' | 'quota' | 'ip-not-allowed', { errcode: number; errmsg: string }> = {
  busy: { errcode: -1, errmsg: 'system error' },
  quota: { errcode: 45009, errmsg: 'reach max api daily quota limit' },
  'ip-not-allowed': { errcode: 40164, errmsg: 'invalid ip 127.0.0.1, not in whitelist' },
};

export interface FakeWeChatApi {
  url: string;
  mode: WeChatMode;
  /** Calls per path (without query), in order. */
  calls: string[];
  /** Lifetime given to new tickets, in seconds (WeChat: 7200). */
  ticketLifetimeS: number;
  /** The current JS-SDK ticket (what pages must have signed with). */
  readonly ticket: string;
  /** Retires the current access token, as a forced refresh by another client would. */
  retireToken(): void;
  /** Answers the requests held in `hold` mode. */
  release(): void;
  /** Resolves when the next request arrives. */
  nextRequest(): Promise<void>;
  close(): Promise<void>;
}

function send(res: ServerResponse, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { 'content-type': 'application/json; encoding=utf-8', 'content-length': bytes.length }).end(bytes);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeWeChatApi(): Promise<FakeWeChatApi> {
  const token = (): string => randomBytes(48).toString('base64url');
  let accessToken = token();
  let ticket = `tk_${randomBytes(32).toString('base64url')}`;
  let arrivals: Array<() => void> = [];
  const held: Array<() => void> = [];
  const sockets = new Set<Socket>();

  const answer = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (api.mode === 'http-500') return void res.writeHead(500).end('internal error');
    if (api.mode === 'garbage') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
    if (api.mode in ERRORS) return send(res, ERRORS[api.mode as keyof typeof ERRORS]);
    if (url.pathname === '/cgi-bin/stable_token') {
      if (req.method !== 'POST') return send(res, { errcode: 43002, errmsg: 'require POST method' });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      } catch {
        return send(res, { errcode: 47001, errmsg: 'data format error' });
      }
      if (body.grant_type !== 'client_credential') return send(res, { errcode: 40002, errmsg: 'invalid grant_type' });
      if (body.appid !== TEST_APP_ID) return send(res, { errcode: 40013, errmsg: 'invalid appid' });
      if (body.secret !== TEST_APP_SECRET) return send(res, { errcode: 40125, errmsg: 'invalid appsecret' });
      if (body.force_refresh === true) accessToken = token();
      return send(res, { access_token: accessToken, expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/token') {
      if (url.searchParams.get('appid') !== TEST_APP_ID || url.searchParams.get('secret') !== TEST_APP_SECRET) return send(res, { errcode: 40013, errmsg: 'invalid appid' });
      accessToken = token();
      return send(res, { access_token: accessToken, expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/ticket/getticket') {
      if (url.searchParams.get('access_token') !== accessToken) return send(res, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      if (url.searchParams.get('type') !== 'jsapi') return send(res, { errcode: 40097, errmsg: 'invalid args' });
      return send(res, { errcode: 0, errmsg: 'ok', ticket, expires_in: api.ticketLifetimeS });
    }
    return send(res, { errcode: 48001, errmsg: 'api unauthorized' });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    api.calls.push(url.pathname);
    arrivals.splice(0).forEach((arrived) => arrived());
    if (api.mode === 'dead') return void req.socket.destroy();
    if (api.mode === 'hold') return void held.push(() => void answer(req, res, url));
    void answer(req, res, url);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  const api: FakeWeChatApi = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode: 'ok',
    calls: [],
    ticketLifetimeS: 7200,
    get ticket() {
      return ticket;
    },
    retireToken: () => {
      accessToken = token();
      ticket = `tk_${randomBytes(32).toString('base64url')}`;
    },
    release: () => held.splice(0).forEach((answerHeld) => answerHeld()),
    nextRequest: () => new Promise<void>((resolve) => arrivals.push(resolve)),
    close: async () => {
      arrivals = [];
      const closed = once(server, 'close');
      server.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
  return api;
}
