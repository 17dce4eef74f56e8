import type { NextApiRequest, NextApiResponse } from 'next';
import { serveNotebookJson } from '@/lib/http/serve-notebook-json';

export const config = { api: { bodyParser: false } };

export default async function notebookJsonRoute(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  const { shareId, page } = req.query;
  await serveNotebookJson(req, res, typeof shareId === 'string' ? shareId : '', page);
}
