import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A logger that keeps what it was told, so tests can assert warnings without stderr noise. */
export function recordingLogger(): { info: (m: string) => void; warn: (m: string) => void; error: (m: string) => void; lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
}

export interface FakeUpstream {
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  /** TCP connections accepted: keep-alive reuse shows as fewer connections than requests. */
  connections: number;
  /** Replaces the handler; the default answers 500 so an unset handler is never mistaken for success. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** A local, fully controlled stand-in for the note service (port 0, loopback only). */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  let handler: Handler = (_, res) => void res.writeHead(500).end();
  const fake: FakeUpstream = {
    url: '',
    requests: [],
    connections: 0,
    handle: (next) => {
      handler = next;
    },
    close: async () => {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
  const server = createServer((req, res) => {
    fake.requests.push(req.url ?? '');
    handler(req, res);
  });
  server.on('connection', () => {
    fake.connections += 1;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** Answers JSON with the right content type and length. */
export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length }).end(bytes);
}
