import type { NextApiRequest, NextApiResponse } from 'next';
import { serveSitemap } from '@/lib/http/serve-sitemap';

export const config = { api: { responseLimit: false } };

export default async function sitemapShardRoute(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  const shard = typeof req.query.shard === 'string' && /^\d{1,9}$/.test(req.query.shard) ? Number(req.query.shard) : -1;
  await serveSitemap(req, res, shard);
}
