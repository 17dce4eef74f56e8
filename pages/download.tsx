import type { GetStaticProps } from 'next';
import { LandingPage } from '@/components/landing/LandingPage';
import { APP_PLATFORMS, config as siteConfig } from '@/lib/config';
import { landingBase, type LandingBase } from '@/lib/i18n/landing-page';
import { messagesFor, type Messages } from '@/lib/i18n/messages';
import { pageTitle } from '@/lib/seo/page-title';

type Platform = { id: string; name: string; requirement: string; href: string | null };
type Props = { base: LandingBase; lang: string; copy: Omit<Messages['download'], 'platforms'>; platforms: Platform[] };

export const config = { unstable_runtimeJS: false };

export const getStaticProps: GetStaticProps<Props> = ({ locale }) => {
  const base = landingBase(locale, '/download');
  const { platforms, ...copy } = messagesFor(base.locale).download;
  return {
    props: {
      base,
      lang: base.lang,
      copy,
      platforms: APP_PLATFORMS.map((id) => ({ id, ...platforms[id], href: siteConfig.appDownloadUrls[id] ?? null })),
    },
  };
};

export default function DownloadPage({ base, copy, platforms }: Props) {
  return (
    <LandingPage base={base} title={pageTitle(copy.title, base.siteName)} description={copy.description}>
      <header className="landing-header">
        <h1>{copy.heading}</h1>
        <p className="hero-lead">{copy.lead}</p>
      </header>
      <ul className="platform-list">
        {platforms.map((p) => (
          <li key={p.id}>
            <h2>{p.name}</h2>
            <p>{p.requirement}</p>
            {p.href
              ? <a className="button button-primary" href={p.href} rel="noopener">{copy.get} <span className="visually-hidden">{p.name}</span></a>
              : <p className="platform-note">{copy.notListed}</p>}
          </li>
        ))}
      </ul>
      <p className="download-note">{copy.afterInstall}</p>
    </LandingPage>
  );
}
