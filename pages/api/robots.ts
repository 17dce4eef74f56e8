import type { NextApiRequest, NextApiResponse } from 'next';
import { config } from '@/lib/config';
import { sendCacheable } from '@/lib/http/send-cacheable';
import { robotsTxt } from '@/lib/seo/robots';

/** robots.txt changes only with the configuration: browsers an hour, the CDN a day, revalidated by ETag. */
const ROBOTS_CACHE = 'public, max-age=3600, s-maxage=86400, stale-while-revalidate=86400, stale-if-error=86400';

export default function robotsRoute(req: NextApiRequest, res: NextApiResponse): void {
  sendCacheable(req, res, robotsTxt(config.deployEnv === 'production', config.siteUrl), 'text/plain; charset=utf-8', ROBOTS_CACHE);
}
