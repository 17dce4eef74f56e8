import type { GetServerSideProps } from 'next';
import { PageHead } from '@/components/PageHead';
import { NoteArticle } from '@/components/NoteArticle';
import { SiteFrame } from '@/components/SiteFrame';
import { StatusMessage } from '@/components/StatusMessage';
import { UnavailablePage } from '@/components/UnavailablePage';
import { config as siteConfig } from '@/lib/config';
import { ERROR_PAGE_CACHE, NOTE_PAGE_CACHE } from '@/lib/http/cache-control';
import { withStoreErrors } from '@/lib/http/store-errors';
import { getNoteView, type NoteView } from '@/lib/notes/get-note-view';

type Props = { siteName: string; lang: string } & ({ kind: 'ok'; note: NoteView } | { kind: 'gone' } | { kind: 'unavailable' });

/** Content pages need no client JavaScript: the note is complete HTML. */
export const config = { unstable_runtimeJS: false };

export const getServerSideProps: GetServerSideProps<Props> = withStoreErrors<Props>(async ({ params, res }) => {
  const shareId = typeof params?.shareId === 'string' ? params.shareId : '';
  const slug = Array.isArray(params?.slug) ? params.slug : undefined;
  const result = await getNoteView(shareId, slug);
  const siteName = siteConfig.siteName;
  switch (result.kind) {
    case 'not-found':
      res.setHeader('Cache-Control', ERROR_PAGE_CACHE);
      return { notFound: true };
    case 'redirect':
      return { redirect: { destination: result.location, statusCode: 301 } };
    case 'gone':
      res.statusCode = 410;
      res.setHeader('Cache-Control', ERROR_PAGE_CACHE);
      res.setHeader('X-Robots-Tag', 'noindex');
      return { props: { kind: 'gone', siteName, lang: result.lang } };
    case 'ok':
      res.setHeader('Cache-Control', NOTE_PAGE_CACHE);
      if (!result.view.isIndexable) res.setHeader('X-Robots-Tag', 'noindex');
      return { props: { kind: 'ok', note: result.view, siteName, lang: result.view.lang } };
  }
}, () => ({ kind: 'unavailable', siteName: siteConfig.siteName, lang: siteConfig.defaultLocale }));

export default function SharedNotePage(props: Props) {
  if (props.kind === 'unavailable') return <UnavailablePage siteName={props.siteName} lang={props.lang} />;
  if (props.kind === 'gone') {
    const zh = props.lang.startsWith('zh');
    return (
      <SiteFrame siteName={props.siteName}>
        <PageHead title={zh ? '分享已撤回' : 'This share was revoked'} isIndexable={false} />
        <StatusMessage
          heading={zh ? '这条笔记的分享已被作者撤回' : 'The author stopped sharing this note'}
          message={zh ? '链接已失效，内容不再公开。' : 'This link no longer works and the note is not public any more.'}
          homeLabel={zh ? '返回首页' : 'Go to the home page'}
        />
      </SiteFrame>
    );
  }
  const { note } = props;
  return (
    <SiteFrame siteName={props.siteName}>
      <PageHead title={`${note.title} · ${props.siteName}`} description={note.description} canonicalUrl={note.canonicalUrl} isIndexable={note.isIndexable} />
      <NoteArticle note={note} />
    </SiteFrame>
  );
}
