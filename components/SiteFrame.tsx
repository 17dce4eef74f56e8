import Link from 'next/link';
import type { ReactNode } from 'react';

/** Page chrome shared by every public page: a home link and the content. */
export function SiteFrame({ siteName, children }: { siteName: string; children: ReactNode }) {
  return (
    <>
      <header className="site-header">
        <Link href="/" className="site-name">{siteName}</Link>
      </header>
      <main className="site-main">{children}</main>
    </>
  );
}
