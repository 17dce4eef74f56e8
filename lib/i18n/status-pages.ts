import { localePath, type Locale } from './locales';
import { messagesFor } from './messages';
import { buildSiteNav, type SiteNav } from './site-nav';

export type StatusKind = 'notFound' | 'noteGone' | 'notebookGone' | 'serverError' | 'unavailable';

export interface StatusPageModel {
  nav: SiteNav;
  title: string;
  heading: string;
  message: string;
  links: Array<{ href: string; label: string }>;
}

/** Copy and onward links of an error page in `locale`; `notebookHref` adds "see the notebook". */
export function statusPageModel(kind: StatusKind, locale: Locale, notebookHref: string | null = null): StatusPageModel {
  const t = messagesFor(locale).errors;
  const links = [
    ...(notebookHref ? [{ href: notebookHref, label: t.notebook }] : []),
    { href: localePath('/explore', locale), label: t.explore },
    { href: localePath('/', locale), label: t.home },
  ];
  return { nav: buildSiteNav(locale, null), ...t[kind], links };
}
