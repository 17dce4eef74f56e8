/**
 * Clients that give up: raw sockets that send a request and destroy the connection mid-answer (on
 * the first bytes of the response, right after sending, or a few milliseconds in), a few times a
 * second beside the main load. A server that leaks per aborted request (listeners, streams,
 * database cursors waiting for a `drain` that never comes) shows it here, and in the soak's memory trend.
 */
import { connect } from 'node:net';
import { pick, seeded } from '../../test/seeded-random';

type Mode = 'on first byte' | 'after sending' | 'after 5 ms';
const MODES: readonly Mode[] = ['on first byte', 'after sending', 'after 5 ms'];
/** A socket still open after this long is destroyed and counted as stuck. */
const STUCK_MS = 10_000;

export interface AbortStats {
  started: number;
  /** Aborted as planned: the socket was destroyed by us while the request was in flight. */
  aborted: number;
  /** The server had answered completely before we could abort (small answers). */
  completed: number;
  /** Could not connect or the connection failed before we aborted: a dead or refusing server. */
  failed: number;
  stuck: number;
  byMode: Record<Mode, number>;
  firstFailure: string | null;
}

export function startAborts(port: number, perSecond: number, paths: readonly string[], seed: number): { stop: () => Promise<AbortStats> } {
  const random = seeded(seed);
  const stats: AbortStats = { started: 0, aborted: 0, completed: 0, failed: 0, stuck: 0, byMode: { 'on first byte': 0, 'after sending': 0, 'after 5 ms': 0 }, firstFailure: null };
  const open = new Set<Promise<void>>();

  const once = (path: string, mode: Mode): Promise<void> => new Promise((done) => {
    stats.started += 1;
    stats.byMode[mode] += 1;
    let settled = false;
    const finish = (outcome: 'aborted' | 'completed' | 'failed' | 'stuck', detail = ''): void => {
      if (settled) return;
      settled = true;
      clearTimeout(stuck);
      stats[outcome] += 1;
      if (outcome === 'failed') stats.firstFailure ??= `${path} (${mode}): ${detail}`;
      socket.destroy();
      done();
    };
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n`);
      if (mode === 'after sending') setImmediate(() => finish('aborted'));
      if (mode === 'after 5 ms') setTimeout(() => finish('aborted'), 5);
    });
    const stuck = setTimeout(() => finish('stuck'), STUCK_MS);
    socket.on('data', () => {
      if (mode === 'on first byte') finish('aborted');
    });
    socket.on('end', () => finish('completed'));
    socket.on('error', (error) => finish('failed', error.message));
  });

  const timer = setInterval(() => {
    const task = once(pick(random, paths), pick(random, MODES));
    open.add(task);
    void task.then(() => open.delete(task));
  }, 1000 / perSecond);

  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all(open);
      return stats;
    },
  };
}
