import type { GetStaticProps } from 'next';
import { FeatureList } from '@/components/landing/FeatureList';
import { Hero } from '@/components/landing/Hero';
import { LandingPage } from '@/components/landing/LandingPage';
import { landingBase, type LandingBase } from '@/lib/i18n/landing-page';
import { localePath } from '@/lib/i18n/locales';
import { messagesFor, type Messages } from '@/lib/i18n/messages';
import { pageTitle } from '@/lib/seo/page-title';

type Props = { base: LandingBase; lang: string; copy: Messages['home']; links: { download: string; explore: string } };

export const config = { unstable_runtimeJS: false };

/** The product's home page, generated at build time for each locale (/ and /en). */
export const getStaticProps: GetStaticProps<Props> = ({ locale }) => {
  const base = landingBase(locale, '/');
  return {
    props: {
      base,
      lang: base.lang,
      copy: messagesFor(base.locale).home,
      links: { download: localePath('/download', base.locale), explore: localePath('/explore', base.locale) },
    },
  };
};

export default function HomePage({ base, copy, links }: Props) {
  return (
    <LandingPage base={base} title={pageTitle(copy.title, base.siteName)} description={copy.description}>
      <Hero
        title={copy.heroTitle}
        lead={copy.heroLead}
        primary={{ href: links.download, label: copy.primaryCta }}
        secondary={{ href: links.explore, label: copy.secondaryCta }}
        image={{ alt: copy.heroAlt, assetPrefix: base.assetPrefix }}
      />
      <section className="highlights" aria-labelledby="highlights">
        <h2 id="highlights" className="visually-hidden">{copy.highlights.map((h) => h.title).join(' · ')}</h2>
        <FeatureList items={copy.highlights} level={3} />
      </section>
      <section className="steps">
        <h2>{copy.stepsTitle}</h2>
        <ol>{copy.steps.map((step) => <li key={step}>{step}</li>)}</ol>
      </section>
      <section className="closing">
        <h2>{copy.closingTitle}</h2>
        <p>{copy.closingBody}</p>
        <p><a href={links.explore}>{copy.secondaryCta} →</a></p>
      </section>
    </LandingPage>
  );
}
