import type { NextApiRequest, NextApiResponse } from 'next';
import { serveOgImage } from '@/lib/http/serve-og-image';

export default async function ogImageRoute(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  const { shareId, tag } = req.query;
  await serveOgImage(req, res, typeof shareId === 'string' ? shareId : '', typeof tag === 'string' ? tag : '');
}
