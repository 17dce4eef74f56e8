import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { log } from '../../log';
import { CONTENT_TYPES, encodeHeaderText, RESOURCE_HEADERS } from '../adapters/http/contract';
import { NoteStoreUnavailableError, type NoteStore } from '../note-store';
import { errorReply, route, type Reply } from './routes';

export interface NoteServiceOptions {
  store: NoteStore;
  /** 0 picks a free port (tests). */
  port: number;
  /** Loopback unless told otherwise: the reference service is for development and tests. */
  host?: string;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token?: string | null;
  logger?: Pick<typeof log, 'info' | 'warn' | 'error'>;
}

export interface RunningNoteService {
  server: Server;
  /** Base URL, e.g. http://127.0.0.1:4000 (what NOTE_SERVICE_URL points at). */
  url: string;
  close: () => Promise<void>;
}

/** Seconds a client should wait after a 503 from a failing store. */
const RETRY_AFTER_SECONDS = 5;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Constant-time comparison (of digests, so lengths always match) keeps the token from leaking by timing. */
function isAuthorized(req: IncomingMessage, token: string | null | undefined): boolean {
  if (!token) return true;
  const header = req.headers.authorization ?? '';
  return timingSafeEqual(digest(header), digest(`Bearer ${token}`));
}

function sendJson(res: ServerResponse, status: number, body: unknown, isHead: boolean): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': CONTENT_TYPES.json, 'content-length': bytes.length });
  res.end(isHead ? undefined : bytes);
}

async function sendReply(res: ServerResponse, reply: Reply, isHead: boolean): Promise<void> {
  if (reply.kind === 'json') return sendJson(res, reply.status, reply.body, isHead);
  if (reply.kind === 'resource') {
    const { resource: r } = reply;
    const headers: Record<string, string | number> = {
      'content-type': CONTENT_TYPES.bytes,
      'content-length': r.data.length,
      [RESOURCE_HEADERS.hash]: r.hash,
      [RESOURCE_HEADERS.mime]: encodeHeaderText(r.mime),
      [RESOURCE_HEADERS.size]: r.size,
    };
    if (r.width !== null) headers[RESOURCE_HEADERS.width] = r.width;
    if (r.height !== null) headers[RESOURCE_HEADERS.height] = r.height;
    if (r.fileName !== null) headers[RESOURCE_HEADERS.fileName] = encodeHeaderText(r.fileName);
    res.writeHead(200, headers);
    return void res.end(isHead ? undefined : r.data);
  }
  res.writeHead(200, { 'content-type': CONTENT_TYPES.ndjson });
  if (isHead) return void res.end();
  for await (const entry of reply.entries()) {
    if (res.destroyed) return;
    // Backpressure: a shard is read from the store only as fast as the client takes it.
    if (!res.write(`${JSON.stringify(entry)}\n`)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
  res.end();
}

async function handle(req: IncomingMessage, res: ServerResponse, options: NoteServiceOptions): Promise<void> {
  res.setHeader('cache-control', 'no-store');
  const isHead = req.method === 'HEAD';
  if (req.method !== 'GET' && !isHead) {
    res.setHeader('allow', 'GET, HEAD');
    return sendJson(res, 405, { error: 'method_not_allowed', message: 'Only GET and HEAD' }, false);
  }
  if (!isAuthorized(req, options.token)) {
    res.setHeader('www-authenticate', 'Bearer');
    return sendJson(res, 401, { error: 'unauthorized', message: 'A valid bearer token is required' }, isHead);
  }
  const [pathname = '', search = ''] = (req.url ?? '').split('?', 2);
  try {
    await sendReply(res, await route(options.store, pathname, new URLSearchParams(search)), isHead);
  } catch (error) {
    const unavailable = error instanceof NoteStoreUnavailableError;
    (options.logger ?? log).error(unavailable ? 'note store unavailable' : 'note service failed', { path: pathname, error });
    // Mid-stream the status is gone: cut the body so the client sees a truncated stream, not a short one.
    if (res.headersSent) return void res.destroy();
    if (unavailable) res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
    const reply = unavailable ? errorReply(503, 'unavailable', 'The note store is unavailable') : errorReply(500, 'internal', 'Internal error');
    await sendReply(res, reply, isHead);
  }
}

/** Starts the reference note service: the JSON API of openapi/note-service.yaml over any NoteStore. */
export async function startNoteService(options: NoteServiceOptions): Promise<RunningNoteService> {
  const logger = options.logger ?? log;
  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    res.on('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info('note service request', { method: req.method, path: req.url, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
    });
    // handle() answers every error itself; this only catches a response that broke while answering one.
    handle(req, res, options).catch(() => res.destroy());
  });
  server.listen(options.port, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    server,
    url: `http://${host}:${port}`,
    close: async () => {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
