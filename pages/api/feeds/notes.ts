import type { NextApiRequest, NextApiResponse } from 'next';
import { serveFeed } from '@/lib/http/serve-feed';

export default async function siteFeedRoute(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  await serveFeed(req, res, null);
}
