import { config } from '../config';
import type { Publisher } from './json-ld';

/** The site as publisher in structured data; public/ files live on the CDN when an asset prefix is set. */
export function sitePublisher(): Publisher {
  return { siteName: config.siteName, siteUrl: config.siteUrl, logoUrl: `${config.assetPrefix || config.siteUrl}/logo.png` };
}
