import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/** One file the bucket must hold, as the CDN's static domain serves it. */
export interface StaticObject {
  /** Object key: `_next/static/…` for the build's assets, the path under public/ for the rest. */
  key: string;
  file: string;
  size: number;
  /** Hex MD5 of the bytes: COS answers it as the ETag of a simple upload, so unchanged objects are skipped. */
  md5: string;
  contentType: string;
  cacheControl: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.webmanifest': 'application/manifest+json',
};

/** Content-hashed build assets never change under their name: browsers and the CDN keep them a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** public/ files keep their names across builds (favicon.png): a day, then revalidated. */
export const REVALIDATED = 'public, max-age=86400, stale-while-revalidate=604800';

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/**
 * The bucket's objects: `<distDir>/static` under `_next/static/` (what assetPrefix points pages at)
 * and public/ at the root. Dot files (.env, .DS_Store) are never uploaded.
 */
export function listStaticObjects(projectDir: string, distDir: string): StaticObject[] {
  const sources = [
    { dir: join(projectDir, distDir, 'static'), prefix: '_next/static/', cacheControl: IMMUTABLE },
    { dir: join(projectDir, 'public'), prefix: '', cacheControl: REVALIDATED },
  ];
  const objects: StaticObject[] = [];
  for (const { dir, prefix, cacheControl } of sources) {
    for (const file of filesUnder(dir)) {
      const path = relative(dir, file).split(sep).join('/');
      if (path.split('/').some((part) => part.startsWith('.'))) continue;
      const bytes = readFileSync(file);
      objects.push({ key: prefix + path, file, size: bytes.length, md5: createHash('md5').update(bytes).digest('hex'), contentType: contentTypeOf(path), cacheControl });
    }
  }
  return objects;
}
