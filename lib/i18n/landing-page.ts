import { config } from '../config';
import { websiteJsonLd } from '../seo/json-ld';
import { sitePublisher } from '../seo/site-publisher';
import { alternatesFor, localePath, toLocale, type Alternate, type Locale } from './locales';
import { buildSiteNav, type SiteNav } from './site-nav';

/** What every statically generated landing page needs besides its own copy. */
export interface LandingBase {
  locale: Locale;
  lang: Locale;
  siteName: string;
  nav: SiteNav;
  canonicalUrl: string;
  alternates: Alternate[];
  robots: string | null;
  jsonLd: Array<Record<string, unknown>>;
  assetPrefix: string;
}

/**
 * Shared props of a landing page at locale-free `path`. Landing pages are generated at build time,
 * so SITE_URL, SITE_NAME and DEPLOY_ENV are read from the build environment for them.
 */
export function landingBase(rawLocale: string | undefined, path: string): LandingBase {
  const locale = toLocale(rawLocale);
  const localized = localePath(path, locale);
  return {
    locale,
    lang: locale,
    siteName: config.siteName,
    nav: buildSiteNav(locale, path),
    canonicalUrl: `${config.siteUrl}${localized}`,
    alternates: alternatesFor(config.siteUrl, path),
    // Not baked in: the HTML is generated at build time, and a build made outside production may be
    // deployed to it. The server entry sends X-Robots-Tag: noindex on every non-production response.
    robots: null,
    jsonLd: path === '/' ? [websiteJsonLd(sitePublisher(), locale)] : [],
    assetPrefix: config.assetPrefix,
  };
}
