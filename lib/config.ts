import { resolve } from 'node:path';

/**
 * The only module that reads process.env. Values are validated once, at first import; a bad
 * value stops the process with a message naming the variable, instead of failing on some request.
 */

export interface Config {
  /** Which NoteStore adapter serves pages: the embedded SQLite file, or the note service over HTTP. */
  noteStore: 'sqlite' | 'http';
  /** Base URL of the note service's JSON API (required when noteStore is `http`). */
  noteServiceUrl: string | null;
  /** Bearer token sent to the note service, if it wants one. */
  noteServiceToken: string | null;
  /** Per-call timeout towards the note service, in ms. */
  noteServiceTimeoutMs: number;
  /** How long a note read from the note service is served without asking again, in ms. */
  noteCacheTtlMs: number;
  /** How long a cached note may still be served when the note service fails, in ms. */
  noteStaleTtlMs: number;
  /**
   * The consistency bound (ms) of the HTTP adapter: a cached note is served only if the note
   * service's change feed was read less than this ago (docs/consistency.md). 0 turns the feed off.
   */
  noteChangeBoundMs: number;
  /** Entries of the note service read cache (bounded: warm instances live for hours). */
  noteCacheEntries: number;
  /** Shared secret of the note service's signed webhook; the webhook answers 404 when unset. */
  webhookSecret: string | null;
  /** Tencent Cloud API credentials for CDN purges; purging is on when both are set. */
  tencentSecretId: string | null;
  tencentSecretKey: string | null;
  /** Host of the CDN API (a local stand-in in tests). */
  cdnApiEndpoint: string;
  /** Notes per public notebook page. */
  notebookPageSize: number;
  /** Notes per page of /explore (EXPLORE_PAGE_SIZE). */
  explorePageSize: number;
  /** Deep link that opens a shared note in the app; `{shareId}` and `{url}` are substituted. Hidden when unset. */
  appOpenUrlTemplate: string | null;
  /** Where "Save to my notes" goes; `{shareId}` and `{url}` are substituted. Unset: the site's download page. */
  appSaveUrlTemplate: string | null;
  /** Store or download links per platform for the download page (build time: the page is static). */
  appDownloadUrls: Partial<Record<AppPlatform, string>>;
  /** `cos` adds Tencent Cloud image processing (imageMogr2) widths to note images; `none` serves originals. */
  imageLoader: 'cos' | 'none';
  /** Origin that serves `/r/...` resources when it differs from the site (e.g. a CDN with image processing). */
  resourceBaseUrl: string | null;
  /** SQLite database file of the embedded store. */
  dbPath: string;
  /** Seed the embedded store with the demo notes when it is empty. */
  seedDemo: boolean;
  /** Folder holding the demo ENEX files and their manifest. */
  demoDir: string;
  /** Public origin used for canonical URLs, without a trailing slash. */
  siteUrl: string;
  /** Port the server listens on (`npm start`, the web function via SCF_PORT); 0 takes any free port. */
  port: number;
  siteName: string;
  /** Locale of pages that are not a note (home, errors). */
  defaultLocale: string;
  /** Note HTML beyond this is cut (between whole elements) with a notice: SCF caps bodies at 6 MB. */
  maxNoteHtmlBytes: number;
  /** `production` allows indexing; anything else answers noindex everywhere and disallows crawling. */
  deployEnv: 'production' | 'preview' | 'development';
  /**
   * Share slots per sitemap file. 5,000 keeps the worst case (60-character Chinese slugs, which
   * percent-encode to ~540 bytes, plus three image entries) well under Baidu's 10 MB file cap.
   */
  sitemapShardSize: number;
  /** Rendered note pages kept per instance (0 disables the cache), and their total size. */
  pageCacheEntries: number;
  pageCacheBytes: number;
  /**
   * Renders note pages outside Next's pipeline, into the page template learnt from the first note
   * Next rendered on this instance (pages/s/[shareId]/[[...slug]].tsx). `false`: every note through Next.
   */
  noteRenderOutsideNext: boolean;
  /** Enables /bench/floor, the framework-floor page `npm run bench` measures against. */
  benchRoutes: boolean;
  /** IndexNow key (8-128 letters, digits, dashes); notifications are on when set, in production. */
  indexNowKey: string | null;
  indexNowEndpoint: string;
  /** Baidu link-push token from Baidu Search Resource Platform; pushes are on when set, in production. */
  baiduPushToken: string | null;
  baiduPushEndpoint: string;
  /** The CJK font subset Open Graph cards are drawn with. */
  ogFontPath: string;
  /** Source revision of the build; part of every page ETag. */
  buildId: string;
  /** When that revision was committed: page Last-Modified never predates it (null when unknown). */
  buildTime: Date | null;
  /** Origin of /_next/static and public/ files (STATIC_URL at build time), '' when served by the app. */
  assetPrefix: string;
  /**
   * WeChat share cards (JS-SDK): the Official Account's AppID and AppSecret, both or neither. On
   * when set: WeChat's in-app browser gets note pages with share data (docs/wechat.md).
   */
  wechat: { appId: string; appSecret: string; apiBase: string } | null;
  /** Larger resources are refused: SCF caps bodies at 6 MB, and the event path base64-encodes them (+33%). */
  maxResourceBytes: number;
}

type Env = Record<string, string | undefined>;

export const APP_PLATFORMS = ['ios', 'android', 'mac', 'windows', 'web'] as const;
export type AppPlatform = (typeof APP_PLATFORMS)[number];

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = env[name]?.trim() || fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'yes'].includes(value)) return true;
  if (['0', 'false', 'no'].includes(value)) return false;
  throw new ConfigError(name, `must be true or false (got "${value}")`);
}

function origin(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `must be an absolute http(s) URL (got "${value}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, 'must use http or https');
  return url.href.replace(/\/+$/, '');
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new ConfigError(name, `must be a positive integer (got "${value}")`);
  return Number(value);
}

function intInRange(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = positiveInt(env, name, fallback);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max} (got ${value})`);
  return value;
}

function nonNegativeInt(env: Env, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number (got "${value}")`);
  return Number(value);
}

function optionalMatch(env: Env, name: string, pattern: RegExp): string | null {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return null;
  if (!pattern.test(value)) throw new ConfigError(name, `has an invalid format`);
  return value;
}

function path(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  return resolve(value);
}

/**
 * NOTE_STORE. On SCF (which sets TENCENTCLOUD_RUNENV=SCF, doc 583/32748) the embedded store is
 * refused unless NOTES_ALLOW_SQLITE_ON_SCF=true: its better-sqlite3 addon is built here against
 * glibc 2.34+ and SCF runs CentOS 7 (glibc 2.17, doc 583/46771), and each instance would keep its
 * own database in its own /tmp. A function must fail at start-up, not on its first note.
 */
function noteStore(env: Env): 'sqlite' | 'http' {
  const store = oneOf(env, 'NOTE_STORE', ['sqlite', 'http'] as const, 'sqlite');
  if (store === 'sqlite' && env.TENCENTCLOUD_RUNENV?.trim() === 'SCF' && !bool(env, 'NOTES_ALLOW_SQLITE_ON_SCF', false)) {
    throw new ConfigError('NOTE_STORE', `is "sqlite" (the default) on an SCF function, where the SQLite addon may not load (glibc 2.17) and every instance would keep its own notes: set NOTE_STORE=http with NOTE_SERVICE_URL, or NOTES_ALLOW_SQLITE_ON_SCF=true for a demo`);
  }
  return store;
}

function timestamp(env: Env, name: string): Date | null {
  const value = env[name]?.trim();
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new ConfigError(name, `must be an ISO-8601 date (got "${value}")`);
  return date;
}

/** NOTE_SERVICE_URL: required by the http adapter, so a misconfigured function fails at start-up. */
function noteServiceUrl(env: Env): string | null {
  if (!env.NOTE_SERVICE_URL?.trim()) {
    if (env.NOTE_STORE?.trim() === 'http') throw new ConfigError('NOTE_SERVICE_URL', 'is required when NOTE_STORE=http');
    return null;
  }
  return origin(env, 'NOTE_SERVICE_URL', '');
}

/** A deep-link template: an absolute URL with any scheme (apps register their own), or a site path. */
function urlTemplate(env: Env, name: string, fallback: string | null): string | null {
  const value = env[name]?.trim() || fallback;
  if (value === null) return null;
  if (!/^([a-z][a-z0-9+.-]*:|\/(?!\/))/i.test(value) || /^(javascript|data|vbscript):/i.test(value)) {
    throw new ConfigError(name, `must be an absolute URL or a path starting with / (got "${value}")`);
  }
  return value;
}

/** WECHAT_APP_ID / WECHAT_APP_SECRET / WECHAT_API_BASE: share cards in WeChat, off unless both credentials are set. */
function wechat(env: Env): Config['wechat'] {
  const appId = optionalMatch(env, 'WECHAT_APP_ID', /^wx[0-9a-f]{16}$/i);
  const appSecret = optionalMatch(env, 'WECHAT_APP_SECRET', /^[A-Za-z0-9]{16,64}$/);
  if (appId === null && appSecret === null) return null;
  if (appId === null) throw new ConfigError('WECHAT_APP_ID', 'is required when WECHAT_APP_SECRET is set (an AppID looks like wx followed by 16 hex digits)');
  if (appSecret === null) throw new ConfigError('WECHAT_APP_SECRET', 'is required when WECHAT_APP_ID is set');
  return { appId, appSecret, apiBase: origin(env, 'WECHAT_API_BASE', 'https://api.weixin.qq.com') };
}

/** APP_DOWNLOAD_URLS: `ios=https://…,android=https://…`; only http(s) links, only known platforms. */
function downloadUrls(env: Env): Partial<Record<AppPlatform, string>> {
  const urls: Partial<Record<AppPlatform, string>> = {};
  for (const pair of (env.APP_DOWNLOAD_URLS ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [platform, url = ''] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
    if (!(APP_PLATFORMS as readonly string[]).includes(platform) || !/^https?:\/\/\S+$/.test(url)) {
      throw new ConfigError('APP_DOWNLOAD_URLS', `entries must look like ios=https://… with a platform among ${APP_PLATFORMS.join(', ')} (got "${pair}")`);
    }
    urls[platform as AppPlatform] = url;
  }
  return urls;
}

/** PORT: a TCP port number (0: any free port). Checked first: the default SITE_URL is built from it. */
function portNumber(env: Env): number {
  const value = env.PORT?.trim();
  if (value === undefined || value === '') return 3000;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new ConfigError('PORT', `must be a port number from 0 to 65535 (got "${value}")`);
  return Number(value);
}

export function loadConfig(env: Env): Config {
  const port = portNumber(env);
  return Object.freeze({
    noteStore: noteStore(env),
    noteServiceUrl: noteServiceUrl(env),
    noteServiceToken: env.NOTE_SERVICE_TOKEN?.trim() || null,
    noteServiceTimeoutMs: positiveInt(env, 'NOTE_SERVICE_TIMEOUT_MS', 2000),
    noteCacheTtlMs: nonNegativeInt(env, 'NOTE_CACHE_TTL_MS', 30_000),
    noteStaleTtlMs: nonNegativeInt(env, 'NOTE_STALE_TTL_MS', 600_000),
    noteCacheEntries: nonNegativeInt(env, 'NOTE_CACHE_ENTRIES', 1000),
    noteChangeBoundMs: nonNegativeInt(env, 'NOTE_CHANGE_BOUND_MS', 500),
    webhookSecret: optionalMatch(env, 'WEBHOOK_SECRET', /^.{32,}$/),
    // SCF reserves every TENCENTCLOUD_* name for its own variables (doc 583/32748): a function gets CDN_PURGE_*.
    tencentSecretId: env.CDN_PURGE_SECRET_ID?.trim() || env.TENCENTCLOUD_SECRET_ID?.trim() || null,
    tencentSecretKey: env.CDN_PURGE_SECRET_KEY?.trim() || env.TENCENTCLOUD_SECRET_KEY?.trim() || null,
    cdnApiEndpoint: env.CDN_API_ENDPOINT?.trim() || 'cdn.tencentcloudapi.com',
    notebookPageSize: positiveInt(env, 'NOTEBOOK_PAGE_SIZE', 20),
    explorePageSize: positiveInt(env, 'EXPLORE_PAGE_SIZE', 50),
    appOpenUrlTemplate: urlTemplate(env, 'APP_OPEN_URL_TEMPLATE', null),
    appSaveUrlTemplate: urlTemplate(env, 'APP_SAVE_URL_TEMPLATE', null),
    appDownloadUrls: downloadUrls(env),
    imageLoader: oneOf(env, 'IMAGE_LOADER', ['none', 'cos'] as const, 'none'),
    resourceBaseUrl: env.RESOURCE_BASE_URL?.trim() ? origin(env, 'RESOURCE_BASE_URL', '') : null,
    dbPath: path(env, 'NOTES_DB_PATH', 'data/notes.db'),
    seedDemo: bool(env, 'NOTES_SEED_DEMO', true),
    demoDir: path(env, 'NOTES_DEMO_DIR', 'demo'),
    siteUrl: origin(env, 'SITE_URL', `http://localhost:${port}`),
    port,
    siteName: env.SITE_NAME?.trim() || '笔记分享 · Shared Notes',
    defaultLocale: oneOf(env, 'DEFAULT_LOCALE', ['zh-CN', 'en'] as const, 'zh-CN'),
    // At least the highlight markup reserve (512 KiB) twice; at most what fits SCF's 6 MB body cap with
    // the page around it. Render time and memory grow with it (docs/security.md): 2 MB of note is
    // hundreds of printed pages, and a bigger page is slow on a phone anyway.
    maxNoteHtmlBytes: intInRange(env, 'MAX_NOTE_HTML_BYTES', 2_000_000, 1_048_576, 5_500_000),
    sitemapShardSize: positiveInt(env, 'SITEMAP_SHARD_SIZE', 5000),
    benchRoutes: bool(env, 'BENCH_ROUTES', false),
    ogFontPath: path(env, 'OG_FONT_PATH', 'lib/og/fonts/NotoSansSC-Bold-subset.ttf'),
    indexNowKey: optionalMatch(env, 'INDEXNOW_KEY', /^[A-Za-z0-9-]{8,128}$/),
    indexNowEndpoint: origin(env, 'INDEXNOW_ENDPOINT', 'https://api.indexnow.org/indexnow'),
    baiduPushToken: optionalMatch(env, 'BAIDU_PUSH_TOKEN', /^[A-Za-z0-9]{4,64}$/),
    baiduPushEndpoint: origin(env, 'BAIDU_PUSH_ENDPOINT', 'http://data.zz.baidu.com/urls'),
    pageCacheEntries: nonNegativeInt(env, 'PAGE_CACHE_ENTRIES', 500),
    pageCacheBytes: positiveInt(env, 'PAGE_CACHE_BYTES', 32 * 1024 * 1024),
    noteRenderOutsideNext: bool(env, 'NOTE_RENDER_OUTSIDE_NEXT', true),
    deployEnv: oneOf(env, 'DEPLOY_ENV', ['production', 'preview', 'development'] as const, 'development'),
    buildId: env.APP_BUILD_ID?.trim() || 'unversioned',
    buildTime: timestamp(env, 'APP_BUILD_TIME'),
    assetPrefix: env.APP_ASSET_PREFIX?.trim() ?? '',
    maxResourceBytes: positiveInt(env, 'MAX_RESOURCE_BYTES', 4_400_000),
    wechat: wechat(env),
  });
}

// APP_BUILD_ID, APP_BUILD_TIME and APP_ASSET_PREFIX are spelled out so the bundler inlines the values next.config.js set at build time.
export const config: Config = loadConfig({ ...process.env, APP_BUILD_ID: process.env.APP_BUILD_ID, APP_BUILD_TIME: process.env.APP_BUILD_TIME, APP_ASSET_PREFIX: process.env.APP_ASSET_PREFIX });
