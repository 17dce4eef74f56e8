import { getNoteStore } from './get-note-store';
import { notePath } from './slug';

export interface HomeNote {
  title: string;
  href: string;
  updated: string | null;
  notebook: string | null;
  lang: string;
}

/** The latest indexable notes for the home page. */
export async function listHomeNotes(limit = 50): Promise<HomeNote[]> {
  const store = await getNoteStore();
  const page = await store.listIndexableNotes(null, limit);
  return page.items.map((n) => ({
    title: n.title || 'Untitled',
    href: notePath(n.shareId, n.title || 'Untitled'),
    updated: n.updated,
    notebook: n.notebook,
    lang: n.lang,
  }));
}
