/**
 * robots.txt: production lets crawlers in and names the sitemap (on whatever host SITE_URL says);
 * previews and local runs shut everything, so staging copies never compete with the real site.
 */
export function robotsTxt(isProduction: boolean, siteUrl: string): string {
  if (!isProduction) return 'User-agent: *\nDisallow: /\n';
  return `User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: ${siteUrl}/sitemap.xml\n`;
}
