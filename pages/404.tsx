import type { GetStaticProps } from 'next';
import { StatusPage } from '@/components/StatusPage';
import { config as siteConfig } from '@/lib/config';
import { toLocale } from '@/lib/i18n/locales';
import { statusPageModel, type StatusPageModel } from '@/lib/i18n/status-pages';

type Props = StatusPageModel & { siteName: string; lang: string };

export const config = { unstable_runtimeJS: false };

/** Generated per locale: /en/... misses get the English page, everything else the Chinese one. */
export const getStaticProps: GetStaticProps<Props> = ({ locale }) => {
  const lang = toLocale(locale);
  return { props: { ...statusPageModel('notFound', lang), siteName: siteConfig.siteName, lang } };
};

export default function NotFoundPage(props: Props) {
  return <StatusPage {...props} />;
}
