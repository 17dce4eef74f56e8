import { createHash } from 'node:crypto';
import { config, type Config } from '../config';
import type { ShareVersion } from './types';

/**
 * The version of a note page: everything the page shows. The share's version covers the note's
 * content, the share's state and settings and the notebook listing the page links to (the store
 * computes it: lib/notes/types.ts); the render stamp covers the renderer (the build) and the
 * configuration that reaches the markup (site URL and name, app links, image loader, noindex
 * outside production...). ETag, Last-Modified, the page cache's key, the fast path's replays and
 * the CDN purge list (lib/share-events/) all come from here, so they change together.
 */

/** The same shape as lib/http/conditional.ts's Validators (this layer imports nothing from lib/http). */
export interface PageValidators {
  /** A strong entity tag, quoted. */
  etag: string;
  lastModified: Date | null;
}

export interface RenderStamp {
  /** Build id plus a digest of the page-relevant configuration. */
  id: string;
  /** When the build's source revision was committed; null when unknown. */
  builtAt: Date | null;
}

/** Settings that change a note page's bytes (headers included) without a new build. */
function pageSettings(cfg: Config): unknown[] {
  return [cfg.siteUrl, cfg.siteName, cfg.defaultLocale, cfg.deployEnv, cfg.appOpenUrlTemplate, cfg.appSaveUrlTemplate,
    cfg.imageLoader, cfg.resourceBaseUrl, cfg.maxNoteHtmlBytes, cfg.assetPrefix];
}

export function renderStamp(cfg: Config): RenderStamp {
  const settings = createHash('sha256').update(JSON.stringify(pageSettings(cfg))).digest('base64url').slice(0, 8);
  return { id: `${cfg.buildId.replace(/[^A-Za-z0-9.-]/g, '')}.${settings}`, builtAt: cfg.buildTime };
}

const STAMP = renderStamp(config);

/** When the page last changed: its share's change, or the build's, whichever is later. */
export function pageLastModified(share: Pick<ShareVersion, 'changedAt' | 'updated' | 'created'>, stamp: RenderStamp = STAMP): Date | null {
  const changed = share.changedAt ?? share.updated ?? share.created;
  const at = changed ? new Date(changed) : null;
  if (at && Number.isNaN(at.getTime())) return stamp.builtAt;
  if (!at || !stamp.builtAt) return at ?? stamp.builtAt;
  return at > stamp.builtAt ? at : stamp.builtAt;
}

/** Versions are the note service's free text (up to 200 characters): only entity-tag-safe ones go in as they are. */
function etagSafe(version: string): string {
  return /^[A-Za-z0-9._~-]{1,64}$/.test(version) ? version : `h${createHash('sha256').update(version).digest('base64url').slice(0, 22)}`;
}

/** Strong validators of a note page: `"<share version>-<render stamp>"` and the page's Last-Modified. */
export function pageValidators(share: Pick<ShareVersion, 'version' | 'changedAt' | 'updated' | 'created'>, stamp: RenderStamp = STAMP): PageValidators {
  return { etag: `"${etagSafe(share.version)}-${stamp.id}"`, lastModified: pageLastModified(share, stamp) };
}
