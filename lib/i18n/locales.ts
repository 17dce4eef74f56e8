/** The site's UI languages. zh-CN is the default locale (unprefixed URLs); en lives under /en. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Next passes the matched locale (or nothing when i18n is off, e.g. in unit tests). */
export function toLocale(value: unknown): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/** UI locale for content in `lang` (a note's language): Chinese notes get Chinese chrome, others English. */
export function uiLocaleFor(lang: string): Locale {
  return lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The path of `path` (locale-free, starting with /) in `locale`. */
export function localePath(path: string, locale: Locale): string {
  if (locale === DEFAULT_LOCALE) return path;
  return path === '/' ? `/${locale}` : `/${locale}${path}`;
}

export interface Alternate {
  hrefLang: string;
  href: string;
}

/**
 * hreflang links of a page that exists in every locale: one per locale plus x-default (the
 * default locale's URL), identical on every language version so the pairs confirm each other.
 */
export function alternatesFor(siteUrl: string, path: string): Alternate[] {
  const url = (locale: Locale): string => {
    const localized = localePath(path, locale);
    return `${siteUrl}${localized === '/' ? '/' : localized}`;
  };
  return [
    ...LOCALES.map((locale) => ({ hrefLang: locale, href: url(locale) })),
    { hrefLang: 'x-default', href: url(DEFAULT_LOCALE) },
  ];
}
