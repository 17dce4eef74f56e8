import type { NextApiRequest, NextApiResponse } from 'next';
import { config } from '@/lib/config';

/** `/<key>.txt`: proves to IndexNow that we own the host. Any other key is a 404. */
export default function indexNowKeyRoute(req: NextApiRequest, res: NextApiResponse): void {
  const key = typeof req.query.key === 'string' ? req.query.key : '';
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'public, max-age=3600, s-maxage=86400');
  if (!config.indexNowKey || key !== config.indexNowKey) {
    res.statusCode = 404;
    res.end('Not found\n');
    return;
  }
  res.end(config.indexNowKey);
}
