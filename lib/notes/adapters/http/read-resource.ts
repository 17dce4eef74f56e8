import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ResourceBlob, ResourceMeta } from '../../types';
import { decodeHeaderText, MD5_HEX, RESOURCE_HEADERS } from './contract';
import { readBody } from './read-body';
import { garbageError } from './upstream-error';

function header(res: IncomingMessage, name: string): string | null {
  const value = res.headers[name];
  return typeof value === 'string' ? value : null;
}

function intHeader(res: IncomingMessage, name: string, required: boolean): number | null {
  const value = header(res, name);
  if (value === null && !required) return null;
  if (value === null || !/^\d{1,15}$/.test(value)) throw garbageError(`header ${name} is not a whole number`);
  return Number(value);
}

function textHeader(res: IncomingMessage, name: string, required: boolean): string | null {
  const value = header(res, name);
  if (value === null && !required) return null;
  const text = value === null ? null : decodeHeaderText(value);
  if (text === null) throw garbageError(`header ${name} is missing or malformed`);
  return text;
}

/** The resource metadata from the X-Resource-* headers (openapi/note-service.yaml). */
export function readResourceMeta(res: IncomingMessage, expectedHash: string): ResourceMeta {
  const hash = header(res, RESOURCE_HEADERS.hash);
  if (hash === null || !MD5_HEX.test(hash) || hash !== expectedHash) throw garbageError('resource hash header does not match the request');
  return {
    hash,
    mime: textHeader(res, RESOURCE_HEADERS.mime, true) as string,
    size: intHeader(res, RESOURCE_HEADERS.size, true) as number,
    width: intHeader(res, RESOURCE_HEADERS.width, false),
    height: intHeader(res, RESOURCE_HEADERS.height, false),
    fileName: textHeader(res, RESOURCE_HEADERS.fileName, false),
  };
}

/**
 * Reads a resource. One larger than `maxBytes` is not downloaded at all: it comes back with its
 * metadata and no bytes, which is all serve-resource needs to answer 413 ("open it in the app")
 * instead of 503. Bytes beyond the declared size or the limit, a short body, or bytes whose MD5 is
 * not the hash are refused: resources are served as immutable, so wrong bytes would be cached for
 * a year (hashing 4.4 MB costs ~10 ms).
 */
export async function readResource(res: IncomingMessage, expectedHash: string, maxBytes: number): Promise<ResourceBlob> {
  const meta = readResourceMeta(res, expectedHash);
  if (meta.size > maxBytes) {
    res.destroy();
    return { ...meta, data: Buffer.alloc(0) };
  }
  const data = await readBody(res, meta.size);
  if (data.length !== meta.size) throw garbageError(`resource body has ${data.length} bytes, ${meta.size} declared`);
  if (createHash('md5').update(data).digest('hex') !== meta.hash) throw garbageError('resource bytes do not match their hash');
  return { ...meta, data };
}
