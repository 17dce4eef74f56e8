import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The platform's load balancing in front of the function instances: each request goes to the next
 * instance in turn. An instance marked paused (frozen, as SCF freezes idle instances) gets nothing
 * until it is resumed, as the platform only hands requests to instances it has thawed.
 */
export interface RoundRobin {
  url: string;
  port: number;
  setInstances(urls: string[]): void;
  pause(url: string): void;
  resume(url: string): void;
  close(): Promise<void>;
}

export async function startRoundRobin(initial: string[]): Promise<RoundRobin> {
  let instances = [...initial];
  const paused = new Set<string>();
  let next = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server: Server = createServer((req, res) => {
    const live = instances.filter((u) => !paused.has(u));
    const target = live[next++ % Math.max(1, live.length)];
    if (!target) {
      res.writeHead(502).end();
      return;
    }
    const url = new URL(target);
    const out = request({ host: url.hostname, port: url.port, path: req.url, method: req.method, headers: req.headers, agent }, (answer) => {
      answer.on('error', () => res.destroy());
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setInstances: (urls) => {
      instances = [...urls];
    },
    pause: (u) => void paused.add(u),
    resume: (u) => void paused.delete(u),
    close: () => new Promise<void>((resolve) => {
      agent.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
