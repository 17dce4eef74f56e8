import type { IncomingMessage, ServerResponse } from 'node:http';

/** Types of site-front.js (plain JavaScript run by the server entry, outside the Next build). */
export type Variant = { kind: 'redirect'; location: string; cacheControl: string; isWeChatShareLink?: true } | { kind: 'rewrite'; url: string };

declare const front: {
  canonicalVariant(url: string): Variant | null;
  answerVariant(req: IncomingMessage, res: ServerResponse): boolean;
  answerLanding(req: IncomingMessage, res: ServerResponse, buildId: string): boolean;
  LANDING_URLS: readonly string[];
};

export default front;
