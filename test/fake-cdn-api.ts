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

/** A local stand-in for cdn.tencentcloudapi.com that records PurgeUrlsCache calls. */
export async function startFakeCdnApi(): Promise<FakeCdnApi> {
  const calls: CdnApiCall[] = [];
  const replies: CdnReply[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let urls: string[] = [];
      try {
        urls = (JSON.parse(body) as { Urls?: string[] }).Urls ?? [];
      } catch {
        // Recorded with no URLs; the test asserting on it will fail visibly.
      }
      calls.push({ headers: req.headers, body, urls, receivedAt: performance.now() });
      const n = calls.length;
      const reply = replies.shift() ?? { status: 200 };
      if (reply === 'hang') return;
      if (reply === 'reset') return void req.socket.destroy();
      res.setHeader('Content-Type', 'application/json');
      if ('error' in reply) {
        res.end(JSON.stringify({ Response: { Error: { Code: reply.error, Message: `${reply.error} (stand-in)` }, RequestId: `req-${n}` } }));
      } else {
        res.statusCode = reply.status;
        res.end(reply.status === 200 ? JSON.stringify({ Response: { TaskId: `task-${n}`, RequestId: `req-${n}` } }) : 'upstream error');
      }
    });
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
