import { labelsFor } from '@/lib/enml/labels';
import { renderEnml, type ResolvedResource } from '@/lib/enml/render-enml';
import type { EnmlNode } from '@/lib/enml/types';

export interface NoteBodyProps {
  body: EnmlNode[];
  resources: Record<string, ResolvedResource>;
  lang: string;
}

/** The note content. Everything in `body` was allow-listed by the ENML parser. */
export function NoteBody({ body, resources, lang }: NoteBodyProps) {
  const content = renderEnml(body, {
    resolveResource: (hash) => resources[hash] ?? null,
    labels: labelsFor(lang),
  });
  return <div className="note-body">{content}</div>;
}
