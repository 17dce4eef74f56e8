import type { NoteView } from '@/lib/notes/get-note-view';
import { formatLongDate } from '@/lib/i18n/format-date';
import { NoteBody } from './NoteBody';

const TEXT = {
  zh: { created: '创建于', updated: '更新于', by: '作者', notebook: '笔记本', tags: '标签', toc: '目录', share: '分享这条笔记', actions: '在应用中使用', open: '在应用中打开', save: '保存到我的笔记', scan: '用手机扫码打开', link: '链接', minutes: (n: number) => `阅读约 ${n} 分钟`, truncated: '这条笔记太长，网页只显示了开头部分。完整内容请在应用中查看。' },
  en: { created: 'Created', updated: 'Updated', by: 'By', notebook: 'Notebook', tags: 'Tags', toc: 'Contents', share: 'Share this note', actions: 'Use in the app', open: 'Open in app', save: 'Save to my notes', scan: 'Scan to open on your phone', link: 'Link', minutes: (n: number) => `${n} min read`, truncated: 'This note is too long to show in full on the web; only its beginning is shown. Open it in the app to read everything.' },
};

export function NoteArticle({ note }: { note: NoteView }) {
  const t = note.lang.startsWith('zh') ? TEXT.zh : TEXT.en;
  return (
    <article className="note" lang={note.lang}>
      <header className="note-header">
        <h1>{note.title}</h1>
        <p className="note-meta">
          {note.authorName ? <span>{t.by} {note.authorName}</span> : null}
          {note.created ? <span>{t.created} <time dateTime={note.created}>{formatLongDate(note.created, note.lang)}</time></span> : null}
          {note.updated ? <span>{t.updated} <time dateTime={note.updated}>{formatLongDate(note.updated, note.lang)}</time></span> : null}
          {note.notebook ? (
            <span>{t.notebook}: {note.notebookHref ? <a href={note.notebookHref}>{note.notebook}</a> : note.notebook}</span>
          ) : null}
          <span>{t.minutes(note.readingMinutes)}</span>
        </p>
        {note.tags.length > 0 ? (
          <ul className="note-tags" aria-label={t.tags}>
            {note.tags.map((tag) => <li key={tag}>{tag}</li>)}
          </ul>
        ) : null}
      </header>
      {note.toc.length > 0 ? (
        <nav className="note-toc" aria-label={t.toc}>
          <details open>
            <summary>{t.toc}</summary>
            <ol>
              {note.toc.map((entry) => (
                <li key={entry.id} className={`toc-level-${entry.level}`}><a href={`#${entry.id}`}>{entry.text}</a></li>
              ))}
            </ol>
          </details>
        </nav>
      ) : null}
      <NoteBody body={note.body} resources={note.resources} lang={note.lang} />
      {note.isTruncated ? <p className="note-truncated" role="status">{t.truncated}</p> : null}
      <nav className="note-actions" aria-label={t.actions}>
        {note.appLinks.open ? <a className="button button-primary" href={note.appLinks.open}>{t.open}</a> : null}
        <a className={note.appLinks.open ? 'button' : 'button button-primary'} href={note.appLinks.save}>{t.save}</a>
      </nav>
      <aside className="note-share" aria-label={t.share}>
        <p><span className="note-share-label">{t.link}</span> <a href={note.canonicalUrl}>{note.canonicalUrl}</a></p>
        <figure className="note-share-qr">
          <img src={note.qrCode} width={132} height={132} alt={`${t.scan}: ${note.title}`} loading="lazy" decoding="async" />
          <figcaption>{t.scan}</figcaption>
        </figure>
      </aside>
    </article>
  );
}
