import type { GetServerSideProps } from 'next';
import { config as siteConfig } from '@/lib/config';

/**
 * The framework floor for `npm run bench`: a bare getServerSideProps page returning a fixed string,
 * in the same build as the note pages. Answers 404 unless BENCH_ROUTES=true.
 */
export const config = { unstable_runtimeJS: false };

export const getServerSideProps: GetServerSideProps<{ text: string }> = () =>
  Promise.resolve(siteConfig.benchRoutes ? { props: { text: 'floor' } } : { notFound: true });

export default function FloorPage({ text }: { text: string }) {
  return <p>{text}</p>;
}
