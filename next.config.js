// @ts-check
const path = require('node:path');

/**
 * Build-time settings. STATIC_URL (the CDN/COS origin for /_next/static and public/ files) is read
 * here because Next bakes assetPrefix into the build; runtime settings live in lib/config.ts.
 */
function originOf(name) {
  const value = process.env[name]?.trim();
  if (!value) return undefined;
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid configuration: ${name} must be an absolute URL (got "${value}")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`Invalid configuration: ${name} must use http or https`);
  return url.href.replace(/\/+$/, '');
}

/**
 * One id per source revision, identical in every process of a build (next.config.js is evaluated
 * several times). It seeds page ETags, so a deploy that changes markup also changes every ETag.
 */
function buildId() {
  if (process.env.APP_BUILD_ID) return process.env.APP_BUILD_ID;
  try {
    const { execSync } = require('node:child_process');
    const sha = execSync('git rev-parse --short=12 HEAD', { cwd: __dirname, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { cwd: __dirname, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== '';
    return dirty ? `${sha}-dev` : sha;
  } catch {
    return 'unversioned';
  }
}

/**
 * When the source revision was committed (ISO-8601), the same in every process of a build: a
 * deploy moves every page's Last-Modified to at least this (lib/notes/page-version.ts), so an
 * If-Modified-Since older than the build never answers 304 for markup the build changed.
 */
function buildTime() {
  if (process.env.APP_BUILD_TIME) return process.env.APP_BUILD_TIME;
  try {
    const { execSync } = require('node:child_process');
    return new Date(execSync('git log -1 --format=%cI HEAD', { cwd: __dirname, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()).toISOString();
  } catch {
    return '';
  }
}

const appBuildId = buildId();
const appBuildTime = buildTime();
const assetOrigin = originOf('STATIC_URL');
// Note images may come from their own (image-processing) origin; the CSP must allow it. Read
// here because headers are fixed at build time; lib/config.ts reads the same variable at run time.
const resourceOrigin = originOf('RESOURCE_BASE_URL');

/**
 * Security headers on every response. Content pages run no script at all (JSON-LD is data, not
 * executed, so `script-src 'none'` does not affect it). Style attributes from notes are allowed only
 * as attributes (the ENML sanitiser reduces them to colours, alignment and indentation).
 * Resources override the CSP with a sandbox (lib/http/serve-resource.ts).
 */
function contentSecurityPolicy() {
  const assets = assetOrigin ? ` ${assetOrigin}` : '';
  return [
    "default-src 'none'",
    // Pages that run code (notebooks) swap this for their script's URL: lib/http/script-nonce.ts.
    "script-src 'none'",
    // Same-origin fetches only (Lighthouse and some crawlers read robots.txt from the page context).
    "connect-src 'self'",
    `style-src-elem 'self'${assets}`,
    "style-src-attr 'unsafe-inline'",
    `img-src 'self' data:${assets}${resourceOrigin ? ` ${resourceOrigin}` : ''}`,
    `font-src 'self'${assets}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function securityHeaders() {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy() },
    // Two years, as the HSTS preload list requires; browsers ignore it on plain-HTTP origins.
    { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains; preload' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    // `interest-cohort` (FLoC) is gone from browsers, which now warn about it; Topics is its successor.
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()' },
    // No Cross-Origin-Opener-Policy: any value but the default puts every navigation into the site in
    // a new browsing context group, which on Android (no full site isolation) and in Lighthouse means
    // a fresh renderer process per landing: 50-250 ms of main-thread work before the first layout.
    // The pages hold nothing per visitor (no cookies, no sessions), so an opener learns nothing it
    // could not fetch itself; framing is denied by frame-ancestors and X-Frame-Options.
  ];
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  generateBuildId: () => appBuildId,
  // Inlined into the server bundle at build time (read through lib/config.ts).
  env: { APP_BUILD_ID: appBuildId, APP_BUILD_TIME: appBuildTime, APP_ASSET_PREFIX: assetOrigin ?? '' },
  // Pages set strong ETags from the note version and answer 304 before rendering (lib/http/conditional.ts);
  // Next's own body-hash ETags would need the full render first.
  generateEtags: false,
  // The server entry compresses (runtime/app-server.js): versioned pages once per version, with
  // brotli, and each encoding under its own ETag (lib/http/compression.js).
  compress: false,
  // Trailing slashes are redirected with 301 (not Next's default 308) by the rule below.
  skipTrailingSlashRedirect: true,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders() }];
  },
  // UI languages: zh-CN (default, unprefixed) and en (/en/...). No Accept-Language redirects:
  // crawlers send none, and every URL must answer the same content to everyone.
  i18n: { locales: ['zh-CN', 'en'], defaultLocale: 'zh-CN', localeDetection: false },
  async redirects() {
    return [
      { source: '/:path+/', destination: '/:path+', statusCode: 301 },
      // Notes and notebooks are in their own language: the /en copies Next would serve redirect away.
      // (/zh-CN/... cannot be redirected here: Next matches unprefixed URLs as /zh-CN/... too; those
      // copies name the unprefixed URL as canonical.)
      { source: '/en/s/:path*', destination: '/s/:path*', locale: false, statusCode: 301 },
      { source: '/en/nb/:path*', destination: '/nb/:path*', locale: false, statusCode: 301 },
    ];
  },
  // Serverless package: a self-contained server with only the files it needs (see scripts/package-function.mjs).
  output: 'standalone',
  // Lets a second build (e.g. one pointing at a CDN) live beside the default one.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  assetPrefix: assetOrigin,
  outputFileTracingRoot: path.join(__dirname),
  // The demo ENEX files are read at run time when the embedded store seeds itself.
  outputFileTracingIncludes: { '/**': ['./demo/**/*', './lib/og/fonts/*.ttf'] },
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  // Native addons (SQLite, the resvg PNG renderer) load from node_modules at run time, never bundled.
  serverExternalPackages: ['better-sqlite3', '@resvg/resvg-js'],
  images: { unoptimized: true },
  experimental: {
    // Next loads every route's code at start-up by default: the webhook's CDN SDK, the OG card
    // renderer and the highlighter were most of the cold start to the first note. A function
    // instance loads what its first request needs, and the rest when (if ever) it is asked for.
    preloadEntriesOnStart: false,
    // The function's code directory is read-only on SCF: keep Next's response cache in memory
    // instead of flushing prerendered pages (e.g. the 404 page) into .next/server at run time.
    isrFlushToDisk: false,
    // Turbopack 16.4 panics while generating source maps once the app has more than ~20 routes
    // ("generate_source_map was canceled"); the server bundle does not need them (logs carry our
    // own messages, and the package is smaller without them).
    turbopackSourceMaps: false,
  },
  async rewrites() {
    // Public resource URLs stay short and outside /api; the route itself lives in pages/api.
    return [
      { source: '/r/:shareId/:hash', destination: '/api/r/:shareId/:hash' },
      { source: '/robots.txt', destination: '/api/robots' },
      { source: '/sitemap.xml', destination: '/api/sitemap' },
      { source: '/sitemaps/notes-:shard.xml', destination: '/api/sitemap/:shard' },
      { source: '/sitemaps/pages.xml', destination: '/api/sitemap/pages' },
      { source: '/sitemaps/notebooks.xml', destination: '/api/sitemap/notebooks' },
      { source: '/feeds/notes.xml', destination: '/api/feeds/notes' },
      { source: '/feeds/nb/:shareId.xml', destination: '/api/feeds/nb/:shareId' },
      { source: '/og/:shareId/:tag.png', destination: '/api/og/:shareId/:tag' },
      { source: '/qr/:shareId.svg', destination: '/api/qr/:shareId' },
      { source: '/:key([A-Za-z0-9-]{8,128}).txt', destination: '/api/indexnow-key/:key' },
    ];
  },
};

module.exports = nextConfig;
