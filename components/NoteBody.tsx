import { labelsFor } from '@/lib/enml/labels';
import { renderEnml, type RenderOptions, type ResolvedResource } from '@/lib/enml/render-enml';
import type { EnmlNode } from '@/lib/enml/types';

export interface NoteBodyProps {
  body: EnmlNode[];
  resources: Record<string, ResolvedResource>;
  lang: string;
}

/** How a note's body is rendered: its resources and the labels of its language. */
export function noteBodyOptions(resources: Record<string, ResolvedResource>, lang: string): RenderOptions {
  return { resolveResource: (hash) => resources[hash] ?? null, labels: labelsFor(lang) };
}

/** The note content. Everything in `body` was allow-listed by the ENML parser. */
export function NoteBody({ body, resources, lang }: NoteBodyProps) {
  return <div className="note-body">{renderEnml(body, noteBodyOptions(resources, lang))}</div>;
}

/** The body's element with no content, as NoteBody writes it (a page rendered around it gets the body's markup there). */
export const EMPTY_NOTE_BODY = '<div class="note-body"></div>';
