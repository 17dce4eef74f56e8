import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One request the stand-in received, with the moment (performance.now) its body had fully arrived. */
export interface CdnApiCall {
  headers: IncomingHttpHeaders;
  body: string;
  urls: string[];
  receivedAt: number;
}

/**
 * How to answer the next call: an HTTP status with a Tencent Cloud API body, an API error (HTTP 200
 * with Response.Error, as the real API does), no answer at all, or a dropped connection.
 */
export type CdnReply = { status: number } | { error: string } | 'hang' | 'reset';

export interface FakeCdnApi {
  /** `http://127.0.0.1:<port>`, usable as the CDN API endpoint. */
  endpoint: string;
  calls: CdnApiCall[];
  /** Consumed in order; once empty every call succeeds with a TaskId. */
  replies: CdnReply[];
  close(): Promise<void>;
}

export interface FakeCdnApiOptions {
  /**
   * When set, calls are checked as the real API checks them (https://cloud.tencent.com/document/api/228/30977
   * and /document/api/228/37870): action and version, a TC3-HMAC-SHA256 signature by this key over
   * this request, a timestamp within 5 minutes, 1 to 1,000 URLs, each on one of `domains`. Refusals
   * come back as the real ones do: HTTP 200 with Response.Error.Code.
   */
  credentials?: { secretId: string; secretKey: string };
  domains?: string[];
  /** Runs for an accepted call before it is answered (the fleet harness purges its cache here). */
  onPurge?: (urls: string[]) => Promise<void>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();

/** The Authorization header the Tencent Cloud API expects for a call, recomputed from what arrived. */
export function tc3Authorization(headers: IncomingHttpHeaders, body: string, secretId: string, secretKey: string): string {
  const timestamp = Number(headers['x-tc-timestamp']);
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const hostname = (headers.host ?? '').replace(/:\d+$/, '');
  // The SDK signs the endpoint's first label as the service: `cdn` in production, `127` here.
  const service = hostname.split('.')[0] as string;
  const canonical = ['POST', '/', '', `content-type:${String(headers['content-type'])}`, `host:${hostname}`, '', 'content-type;host', sha256(body)].join('\n');
  const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/${service}/tc3_request`, sha256(canonical)].join('\n');
  const signing = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  const signature = createHmac('sha256', signing).update(stringToSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${secretId}/${date}/${service}/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`;
}

/** The error code the real API would answer, or null when it accepts the call. */
function refusal(headers: IncomingHttpHeaders, body: string, urls: unknown, options: FakeCdnApiOptions): string | null {
  const { credentials } = options;
  if (!credentials) return null;
  if (headers['x-tc-action'] !== 'PurgeUrlsCache') return 'InvalidAction';
  if (headers['x-tc-version'] !== '2018-06-06') return 'NoSuchVersion';
  const timestamp = Number(headers['x-tc-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return 'AuthFailure.SignatureExpire';
  const authorization = String(headers.authorization ?? '');
  if (!authorization.startsWith(`TC3-HMAC-SHA256 Credential=${credentials.secretId}/`)) return 'AuthFailure.SecretIdNotFound';
  if (authorization !== tc3Authorization(headers, body, credentials.secretId, credentials.secretKey)) return 'AuthFailure.SignatureFailure';
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every((u) => typeof u === 'string')) return 'InvalidParameter';
  if (urls.length > 1000) return 'LimitExceeded.CdnPurgeUrlExceedBatchLimit';
  for (const url of urls) {
    let host: string;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'InvalidParameter.CdnUrlInvalid';
      host = parsed.host;
    } catch {
      return 'InvalidParameter.CdnUrlInvalid';
    }
    if (options.domains && !options.domains.includes(host)) return 'ResourceNotFound.CdnHostNotExists';
  }
  return null;
}

/** A local stand-in for cdn.tencentcloudapi.com that records PurgeUrlsCache calls. */
export async function startFakeCdnApi(options: FakeCdnApiOptions = {}): Promise<FakeCdnApi> {
  const calls: CdnApiCall[] = [];
  const replies: CdnReply[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let urls: string[] = [];
      let sent: unknown;
      try {
        sent = (JSON.parse(body) as { Urls?: unknown }).Urls;
        urls = Array.isArray(sent) ? sent.filter((u): u is string => typeof u === 'string') : [];
      } catch {
        // Recorded with no URLs; the test asserting on it will fail visibly.
      }
      calls.push({ headers: req.headers, body, urls, receivedAt: performance.now() });
      const n = calls.length;
      const refused = refusal(req.headers, body, sent, options);
      const reply: CdnReply = replies.shift() ?? (refused ? { error: refused } : { status: 200 });
      if (!refused && typeof reply === 'object' && 'status' in reply && reply.status === 200 && options.onPurge) {
        void options.onPurge(urls).then(() => answer(reply, n), () => answer({ error: 'InternalError' }, n));
        return;
      }
      answer(reply, n);
    });
    const answer = (reply: CdnReply, n: number): void => {
      if (reply === 'hang') return;
      if (reply === 'reset') return void req.socket.destroy();
      res.setHeader('Content-Type', 'application/json');
      if ('error' in reply) {
        res.end(JSON.stringify({ Response: { Error: { Code: reply.error, Message: `${reply.error} (stand-in)` }, RequestId: `req-${n}` } }));
      } else {
        res.statusCode = reply.status;
        res.end(reply.status === 200 ? JSON.stringify({ Response: { TaskId: `task-${n}`, RequestId: `req-${n}` } }) : 'upstream error');
      }
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    replies,
    close: () => new Promise<void>((resolve) => {
      // Hung calls and the purger's keep-alive sockets would otherwise hold close() open.
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
