import type { ReactNode } from 'react';
import type { SiteNav } from '@/lib/i18n/site-nav';

/**
 * Page chrome shared by every public page: site name, section links, language switch, footer.
 * Plain links, not next/link: most pages run no script, and on the one that does (notebooks)
 * next/link would prefetch other pages' code the reader has not asked for.
 */
export function SiteFrame({ siteName, nav, children }: { siteName: string; nav: SiteNav; children: ReactNode }) {
  return (
    <>
      <header className="site-header">
        <a href={nav.homeHref} className="site-name">{siteName}</a>
        <nav aria-label={nav.label} className="site-nav">
          <ul>
            {nav.items.map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={item.isCurrent ? 'page' : undefined}>{item.label}</a>
              </li>
            ))}
            {nav.switcher ? (
              <li>
                <a href={nav.switcher.href} hrefLang={nav.switcher.hrefLang} lang={nav.switcher.hrefLang} className="language-switch">
                  {nav.switcher.label}
                </a>
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
