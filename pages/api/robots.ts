import type { NextApiRequest, NextApiResponse } from 'next';
import { config } from '@/lib/config';
import { robotsTxt } from '@/lib/seo/robots';

export default function robotsRoute(_req: NextApiRequest, res: NextApiResponse): void {
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'public, max-age=3600, s-maxage=3600');
  res.end(robotsTxt(config.deployEnv === 'production', config.siteUrl));
}
