import type { NextApiRequest, NextApiResponse } from 'next';
import { serveResource } from '@/lib/http/serve-resource';

export const config = { api: { responseLimit: false, bodyParser: false } };

export default async function resourceRoute(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  const { shareId, hash } = req.query;
  await serveResource(req, res, typeof shareId === 'string' ? shareId : '', typeof hash === 'string' ? hash : '');
}
