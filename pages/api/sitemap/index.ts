import type { NextApiRequest, NextApiResponse } from 'next';
import { serveSitemap } from '@/lib/http/serve-sitemap';

export default async function sitemapIndexRoute(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  await serveSitemap(req, res, null);
}
