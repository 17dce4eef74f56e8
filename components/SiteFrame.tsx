import Link from 'next/link';
import type { ReactNode } from 'react';
import type { SiteNav } from '@/lib/i18n/site-nav';

/** Page chrome shared by every public page: site name, section links, language switch, footer. */
export function SiteFrame({ siteName, nav, children }: { siteName: string; nav: SiteNav; children: ReactNode }) {
  return (
    <>
      <header className="site-header">
        <Link href={nav.homeHref} locale={false} className="site-name">{siteName}</Link>
        <nav aria-label={nav.label} className="site-nav">
          <ul>
            {nav.items.map((item) => (
              <li key={item.href}>
                <Link href={item.href} locale={false} aria-current={item.isCurrent ? 'page' : undefined}>{item.label}</Link>
              </li>
            ))}
            {nav.switcher ? (
              <li>
                <Link href={nav.switcher.href} locale={false} hrefLang={nav.switcher.hrefLang} lang={nav.switcher.hrefLang} className="language-switch">
                  {nav.switcher.label}
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      </header>
      <main className="site-main">{children}</main>
      <footer className="site-footer">
        <p>{nav.tagline}</p>
      </footer>
    </>
  );
}
