import type { NextApiRequest, NextApiResponse } from 'next';
import { serveFeed } from '@/lib/http/serve-feed';

export default async function notebookFeedRoute(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  const { shareId } = req.query;
  await serveFeed(req, res, typeof shareId === 'string' ? shareId : '');
}
