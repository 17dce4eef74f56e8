import type { NextApiRequest, NextApiResponse } from 'next';
import { serveQrCode } from '@/lib/http/serve-qr-code';

export const config = { api: { bodyParser: false } };

export default async function qrCodeRoute(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  const { shareId } = req.query;
  await serveQrCode(req, res, typeof shareId === 'string' ? shareId : '');
}
