import type { GetServerSideProps } from 'next';
import { NoteList } from '@/components/NoteList';
import { PageHead } from '@/components/PageHead';
import { SiteFrame } from '@/components/SiteFrame';
import { UnavailablePage } from '@/components/UnavailablePage';
import { config as siteConfig } from '@/lib/config';
import { NOTE_PAGE_CACHE } from '@/lib/http/cache-control';
import { canonicalRedirect } from '@/lib/http/canonical-redirect';
import { withStoreErrors } from '@/lib/http/store-errors';
import { websiteJsonLd } from '@/lib/seo/json-ld';
import { listHomeNotes, type HomeNote } from '@/lib/notes/list-home-notes';

type Props = { siteName: string; siteUrl: string; lang: string; isProduction: boolean } & ({ kind: 'ok'; notes: HomeNote[] } | { kind: 'unavailable' });

export const config = { unstable_runtimeJS: false };

const isProduction = siteConfig.deployEnv === 'production';

export const getServerSideProps: GetServerSideProps<Props> = withStoreErrors<Props>(async ({ req, res }) => {
  const location = canonicalRedirect(req.url ?? '/', '/');
  if (location) return { redirect: { destination: location, statusCode: 301 } };
  const notes = await listHomeNotes();
  res.setHeader('Cache-Control', NOTE_PAGE_CACHE);
  if (!isProduction) res.setHeader('X-Robots-Tag', 'noindex');
  return { props: { kind: 'ok', notes, siteName: siteConfig.siteName, siteUrl: siteConfig.siteUrl, lang: 'zh-CN', isProduction } };
}, () => ({ kind: 'unavailable', siteName: siteConfig.siteName, siteUrl: siteConfig.siteUrl, lang: 'zh-CN', isProduction }));

export default function HomePage(props: Props) {
  if (props.kind === 'unavailable') return <UnavailablePage siteName={props.siteName} lang={props.lang} />;
  return (
    <SiteFrame siteName={props.siteName}>
      <PageHead
        title={props.siteName}
        description="公开分享的笔记 · Notes shared in public by their authors."
        canonicalUrl={`${props.siteUrl}/`}
        robots={props.isProduction ? null : 'noindex'}
        jsonLd={[websiteJsonLd(props.siteName, props.siteUrl, props.lang)]}
      />
      <section className="home">
        <h1>公开笔记 <span lang="en">Public notes</span></h1>
        <p>作者选择公开分享的笔记，任何人都可以阅读。<span lang="en">Notes their authors chose to share with everyone.</span></p>
        <NoteList notes={props.notes} />
      </section>
    </SiteFrame>
  );
}
