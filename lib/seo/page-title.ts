import { displayWidth, summarize } from '../enml/extract-text';
import { formatLongDate } from '../i18n/format-date';

/**
 * Display columns of a `<title>`: Google cuts result titles at about 600 px (~60 Latin characters),
 * Baidu at about 30 Chinese characters, so CJK characters count two.
 */
export const MAX_TITLE_WIDTH = 60;

/**
 * `title · siteName` when both fit, else the title alone (cut with an ellipsis when it is too long
 * itself): the page's own words matter more than the brand on every result.
 */
export function pageTitle(title: string, siteName: string, maxWidth = MAX_TITLE_WIDTH): string {
  const full = `${title} · ${siteName}`;
  if (displayWidth(full) <= maxWidth) return full;
  // One column is kept for the ellipsis summarize adds.
  return summarize(title, maxWidth - 1);
}

const UNTITLED = /^(untitled|untitled note|无标题|无标题笔记|未命名)?$/i;

/**
 * A note's display title. Untitled notes would all read alike in results and tabs: their date (or
 * notebook) tells them apart.
 */
export function noteDisplayTitle(title: string, lang: string, changed: string | null, notebook: string | null): string {
  const trimmed = title.trim();
  if (!UNTITLED.test(trimmed)) return trimmed;
  const base = trimmed || (lang.startsWith('zh') ? '无标题笔记' : 'Untitled');
  const date = changed ? formatLongDate(changed, lang) : '';
  const detail = date || notebook;
  return detail ? `${base} (${detail})` : base;
}

/**
 * A meta description for a note with no text of its own (only images, attachments or encrypted
 * passages): its title, notebook and date, in the page's language, so no page goes without one.
 */
export function fallbackNoteDescription(title: string, lang: string, changed: string | null, notebook: string | null): string {
  const date = changed ? formatLongDate(changed, lang) : '';
  if (lang.startsWith('zh')) {
    return `“${title}”${notebook ? `，收录于笔记本“${notebook}”` : ''}的公开笔记${date ? `，更新于${date}` : ''}。`;
  }
  return `“${title}”, a public note${notebook ? ` in the notebook “${notebook}”` : ''}${date ? `, updated ${date}` : ''}.`;
}
