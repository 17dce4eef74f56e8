import type { NextApiRequest, NextApiResponse } from 'next';
import { readRawBody } from '@/lib/http/read-raw-body';
import { SIGNATURE_HEADER } from '@/lib/http/verify-webhook';
import { getShareEventDeps } from '@/lib/share-events/get-share-event-deps';
import { handleShareEvents } from '@/lib/share-events/handle-share-events';

/** The signature covers the exact bytes sent, so Next must not parse (and re-encode) the body first. */
export const config = { api: { bodyParser: false } };

/** POST /api/hooks/note-events: the note service's signed share events (contract in lib/share-events/handle-share-events.ts). */
export default async function noteEventsRoute(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  const answer = await handleShareEvents(getShareEventDeps(), {
    method: req.method,
    signature: req.headers[SIGNATURE_HEADER],
    readBody: (maxBytes) => readRawBody(req, maxBytes),
  });
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.status(answer.status).json(answer.body);
}
