import { NoteArticle } from '@/components/NoteArticle';
import { PageHead, type PageHeadProps } from '@/components/PageHead';
import { SiteFrame } from '@/components/SiteFrame';
import type { SiteNav } from '@/lib/i18n/site-nav';
import type { NoteView } from '@/lib/notes/get-note-view';
import type { PageMeta } from '@/lib/seo/note-meta';

/**
 * A shared note's page, as the note page (pages/s/[shareId]/[[...slug]].tsx) renders it through
 * Next and as server/note-page.tsx renders it outside Next, by the same props.
 */
export type NotePageProps = { kind: 'ok'; siteName: string; lang: string; note: NoteView; meta: PageMeta; nav: SiteNav };

export function noteHeadProps(meta: PageMeta): PageHeadProps {
  return { title: meta.title, description: meta.description, canonicalUrl: meta.canonicalUrl, robots: meta.robots, tags: meta.tags, jsonLd: meta.jsonLd };
}

export function NotePage(props: NotePageProps) {
  return (
    <SiteFrame siteName={props.siteName} nav={props.nav}>
      <PageHead {...noteHeadProps(props.meta)} />
      <NoteArticle note={props.note} />
    </SiteFrame>
  );
}
