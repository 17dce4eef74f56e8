import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';

/**
 * A switchable stand-in placed between the function and the real note service, so faults can be
 * turned on and off without touching either:
 *   pass     forwards every request unchanged
 *   down     nothing listens (connection refused), open sockets are cut: a stopped or killed service
 *   slow     holds each request `slowMs` (2 s), then forwards it
 *   hang     holds each request without answering
 *   garbage  answers 200 application/json with bodies that break the contract
 * Held requests are released when the mode changes and then follow the new mode: a service that
 * recovers answers its queue, so recovery time is not inflated by requests parked in the proxy.
 */
export type FaultMode = 'pass' | 'down' | 'slow' | 'hang' | 'garbage';

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`; the port stays the same across `down`. */
  url: string;
  readonly mode: FaultMode;
  /** Request paths received, in order (not those refused while down). */
  requests: string[];
  setMode(mode: FaultMode): Promise<void>;
  close(): Promise<void>;
}

/** Cycled one per request: invalid JSON, the wrong shape, the wrong types, a cut-off body. */
export const GARBAGE_BODIES = ['not json at all', '[]', '{"shareId":42,"title":null}', '{"shareId":"', 'null'];

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export async function startFaultProxy(target: string, options: { slowMs?: number } = {}): Promise<FaultProxy> {
  const slowMs = options.slowMs ?? 2000;
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  let mode: FaultMode = 'pass';
  let changed = deferred();
  let garbageCount = 0;
  const requests: string[] = [];

  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host }, agent }, (answer) => {
      // A body cut short (the client left, the service died) must not become an uncaught error here.
      answer.on('error', () => res.destroy());
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    // The real service is gone or broke the exchange: pass that on as a broken connection.
    out.on('error', () => res.destroy());
    // The client gave up (its timeout): stop waiting on the service too.
    res.on('close', () => {
      if (!res.writableFinished) out.destroy();
    });
    out.end();
  };

  const garbage = (res: ServerResponse): void => {
    const body = GARBAGE_BODIES[garbageCount++ % GARBAGE_BODIES.length] ?? '';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  };

  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (;;) {
      if (res.destroyed) return;
      if (mode === 'pass') return forward(req, res);
      if (mode === 'garbage') return garbage(res);
      if (mode === 'down') return void res.destroy();
      const released = changed.promise;
      if (mode === 'hang') {
        await released;
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      const elapsed = new Promise<'elapsed'>((resolve) => (timer = setTimeout(() => resolve('elapsed'), slowMs)));
      const outcome = await Promise.race([elapsed, released.then(() => 'released' as const)]);
      clearTimeout(timer);
      if (outcome === 'elapsed') return forward(req, res);
    }
  };

  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    // A client that gives up mid-request (its timeout) is normal here, not an error to crash on.
    req.on('error', () => undefined);
    req.resume();
    void dispatch(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const stopListening = async (): Promise<void> => {
    if (!server.listening) return;
    const closed = once(server, 'close');
    server.close();
    server.closeAllConnections();
    await closed;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return mode;
    },
    requests,
    async setMode(next) {
      mode = next;
      const previous = changed;
      changed = deferred();
      previous.resolve();
      if (next === 'down') return stopListening();
      if (!server.listening) {
        server.listen(port, '127.0.0.1');
        await once(server, 'listening');
      }
    },
    async close() {
      mode = 'down';
      changed.resolve();
      await stopListening();
      agent.destroy();
    },
  };
}

/** A loopback port nothing listens on right now, for servers that must be told their port up front. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createTcpServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
