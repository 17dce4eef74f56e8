import type { GetStaticProps } from 'next';
import { FeatureList } from '@/components/landing/FeatureList';
import { LandingPage } from '@/components/landing/LandingPage';
import { landingBase, type LandingBase } from '@/lib/i18n/landing-page';
import { messagesFor, type Messages } from '@/lib/i18n/messages';
import { pageTitle } from '@/lib/seo/page-title';

type Props = { base: LandingBase; lang: string; copy: Messages['features'] };

export const config = { unstable_runtimeJS: false };

export const getStaticProps: GetStaticProps<Props> = ({ locale }) => {
  const base = landingBase(locale, '/features');
  return { props: { base, lang: base.lang, copy: messagesFor(base.locale).features } };
};

export default function FeaturesPage({ base, copy }: Props) {
  return (
    <LandingPage base={base} title={pageTitle(copy.title, base.siteName)} description={copy.description}>
      <header className="landing-header">
        <h1>{copy.heading}</h1>
        <p className="hero-lead">{copy.lead}</p>
      </header>
      {copy.sections.map((section) => (
        <section key={section.title} className="feature-section">
          <h2>{section.title}</h2>
          <FeatureList items={section.items} level={3} />
        </section>
      ))}
    </LandingPage>
  );
}
