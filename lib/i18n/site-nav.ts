import { DEFAULT_LOCALE, LOCALES, localePath, type Locale } from './locales';
import { messagesFor } from './messages';

/** The header and footer every page shows, as plain data for the SiteFrame component. */
export interface SiteNav {
  locale: Locale;
  homeHref: string;
  label: string;
  items: Array<{ href: string; label: string; isCurrent: boolean }>;
  /** The same page in the other language; null on pages that exist in one language only (notes). */
  switcher: { href: string; label: string; hrefLang: Locale } | null;
  tagline: string;
}

const SECTIONS = [
  { path: '/features', key: 'features' },
  { path: '/explore', key: 'explore' },
  { path: '/download', key: 'download' },
] as const;

/**
 * `path` is the locale-free path of a page that exists in every locale (switcher shown), or null
 * for pages with content in one language (a note, a notebook): their chrome follows `locale`.
 */
export function buildSiteNav(locale: Locale, path: string | null): SiteNav {
  const t = messagesFor(locale);
  const other = LOCALES.find((l) => l !== locale) ?? DEFAULT_LOCALE;
  return {
    locale,
    homeHref: localePath('/', locale),
    label: t.nav.primary,
    items: SECTIONS.map((s) => ({ href: localePath(s.path, locale), label: t.nav[s.key], isCurrent: s.path === path })),
    switcher: path === null ? null : { href: localePath(path, other), label: t.nav.switchLanguage, hrefLang: other },
    tagline: t.footer.tagline,
  };
}
