import type { IncomingMessage, ServerResponse } from 'node:http';

/** Types of lazy-compression.js (plain JavaScript run by the server entry, outside the Next build). */
export declare function deferCompression(req: IncomingMessage, res: ServerResponse): void;
export declare function installCompression(res: ServerResponse): void;
