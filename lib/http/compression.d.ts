import type { IncomingMessage, ServerResponse } from 'node:http';

/** Types of compression.js (plain JavaScript: the server entry runs it outside the Next build). */
export type Encoding = 'br' | 'gzip';

export declare const MIN_BYTES: number;
export declare const BROTLI_QUALITY: number;
export declare const GZIP_LEVEL: number;
export declare function negotiateEncoding(header: string | string[] | undefined): Encoding | null;
export declare function isCompressible(contentType: string | number | string[] | undefined, size: number): boolean;
export declare function encode(body: Buffer, encoding: Encoding): Buffer;
export declare function encodedEtag(etag: string, encoding: Encoding | null): string;
export declare function etagMatches(header: string, etag: string): boolean;
export declare function varyWithEncoding(vary: string | number | string[] | undefined): string;
export declare function isSharedCacheable(cacheControl: string | number | string[] | undefined): boolean;
export declare class EncodedBodies {
  constructor(maxBytes: number);
  readonly bytes: number;
  get(key: string): Buffer | undefined;
  set(key: string, body: Buffer): void;
}
export declare function compressVersionedResponses(req: IncomingMessage, res: ServerResponse, store: EncodedBodies): void;
