import type { NextApiRequest, NextApiResponse } from 'next';
import { serveSitemap } from '@/lib/http/serve-sitemap';

export const config = { api: { responseLimit: false } };

export default async function sitemapShardRoute(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  const { shard: raw } = req.query;
  const shard = raw === 'pages' || raw === 'notebooks' ? raw : typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
  await serveSitemap(req, res, shard);
}
