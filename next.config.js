// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ['better-sqlite3'],
  async rewrites() {
    // Public resource URLs stay short and outside /api; the route itself lives in pages/api.
    return [{ source: '/r/:shareId/:hash', destination: '/api/r/:shareId/:hash' }];
  },
};

module.exports = nextConfig;
