// @ts-check
const path = require('node:path');

/**
 * Build-time settings. STATIC_URL (the CDN/COS origin for /_next/static and public/ files) is read
 * here because Next bakes assetPrefix into the build; runtime settings live in lib/config.ts.
 */
function staticUrl() {
  const value = process.env.STATIC_URL?.trim();
  if (!value) return undefined;
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid configuration: STATIC_URL must be an absolute URL (got "${value}")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('Invalid configuration: STATIC_URL must use http or https');
  return url.href.replace(/\/+$/, '');
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Serverless package: a self-contained server with only the files it needs (see scripts/package-function.mjs).
  output: 'standalone',
  // Lets a second build (e.g. one pointing at a CDN) live beside the default one.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  assetPrefix: staticUrl(),
  outputFileTracingRoot: path.join(__dirname),
  // The demo ENEX files are read at run time when the embedded store seeds itself.
  outputFileTracingIncludes: { '/**': ['./demo/**/*'] },
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ['better-sqlite3'],
  images: { unoptimized: true },
  experimental: {
    // The function's code directory is read-only on SCF: keep Next's response cache in memory
    // instead of flushing prerendered pages (e.g. the 404 page) into .next/server at run time.
    isrFlushToDisk: false,
  },
  async rewrites() {
    // Public resource URLs stay short and outside /api; the route itself lives in pages/api.
    return [{ source: '/r/:shareId/:hash', destination: '/api/r/:shareId/:hash' }];
  },
};

module.exports = nextConfig;
