/** Raw HTTP helpers for the bench: exact bytes (no decompression, no Accept-Encoding) and a plain Node baseline server. */
import { writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startProc, tempDir, type Proc } from './procs';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One GET (or HEAD) with exactly the given headers, body read whole. */
export function httpGet(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.setTimeout(120_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', fail);
    req.end();
  });
}

/** Streams a GET, counting bytes and occurrences of `needle` without keeping the body. */
export function httpCount(url: string, needle: string): Promise<{ status: number; bytes: number; count: number }> {
  const pattern = Buffer.from(needle);
  return new Promise((done, fail) => {
    const req = request(url, { agent: false }, (res) => {
      let bytes = 0;
      let count = 0;
      let tail = Buffer.alloc(0);
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        const window = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
        for (let at = window.indexOf(pattern); at !== -1; at = window.indexOf(pattern, at + pattern.length)) count += 1;
        // Keep the last needle-1 bytes: a match split across chunks is found once, next time.
        tail = Buffer.from(window.subarray(Math.max(0, window.length - (pattern.length - 1))));
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, bytes, count }));
      res.on('error', fail);
    });
    req.setTimeout(300_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', fail);
    req.end();
  });
}

/** Headers a replay may carry: connection management is the server's own business. */
const HOP_BY_HOP = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export function replayableHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

export interface ReplaySpec {
  etag: string;
  headers: Record<string, string | string[]>;
  body: string;
  notModifiedHeaders: Record<string, string | string[]>;
}

/**
 * The baseline for the hot and 304 rows: a bare node:http server replaying the note page's exact
 * bytes and headers, and its 304 when If-None-Match carries the ETag. Plain JavaScript run with
 * `node -e`, so it pays for nothing but Node itself.
 */
const PLAIN_SERVER = `
const http = require('node:http');
const spec = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));
const body = Buffer.from(spec.body, 'base64');
http.createServer((req, res) => {
  if (req.headers['if-none-match'] === spec.etag) {
    res.writeHead(304, spec.notModifiedHeaders);
    res.end();
    return;
  }
  res.writeHead(200, spec.headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}).listen(Number(process.argv[2]), '0.0.0.0');
`;

export function startPlainServer(port: number, spec: ReplaySpec): Proc {
  const file = join(tempDir(), 'replay.json');
  writeFileSync(file, JSON.stringify(spec));
  return startProc(process.execPath, ['-e', PLAIN_SERVER, file, String(port)], {});
}

export interface ScriptCount {
  /** `<script src>` tags and inline scripts a browser would execute. */
  executable: number;
  /** Bytes of those scripts: the files behind src, plus inline text. */
  jsBytes: number;
  /** The same, each script gzipped on its own (zlib's default level, as a CDN would serve it). */
  gzipBytes: number;
  /** Types of data blocks (JSON-LD and other non-JavaScript types): not executed, not counted as JS. */
  dataBlocks: string[];
}

const JS_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript', 'text/ecmascript', 'application/ecmascript', 'application/x-javascript', 'text/jscript']);

/** Counts the scripts of a page; src files are fetched from `origin` to size them. */
export async function countScripts(html: string, origin: string): Promise<ScriptCount> {
  let executable = 0;
  let jsBytes = 0;
  let gzipBytes = 0;
  const dataBlocks: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attrs = match[1] ?? '';
    const text = match[2] ?? '';
    const type = (/\btype\s*=\s*["']?([^"'\s>]*)/i.exec(attrs)?.[1] ?? '').toLowerCase();
    const src = /\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1];
    if (!JS_TYPES.has(type)) {
      dataBlocks.push(type);
      continue;
    }
    executable += 1;
    if (src) {
      const file = await httpGet(new URL(src, origin).href);
      jsBytes += file.body.length;
      gzipBytes += gzipSync(file.body).length;
    } else {
      jsBytes += Buffer.byteLength(text);
      gzipBytes += gzipSync(text).length;
    }
  }
  return { executable, jsBytes, gzipBytes, dataBlocks };
}
