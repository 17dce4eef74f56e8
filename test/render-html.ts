import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { labelsFor } from '../lib/enml/labels';
import { parseEnml } from '../lib/enml/parse-enml';
import { renderEnml, type ResolvedResource } from '../lib/enml/render-enml';

export const resourceStub = (resources: Record<string, ResolvedResource> = {}) => (hash: string): ResolvedResource | null => resources[hash] ?? null;

/** ENML -> sanitised tree -> static HTML, as the note page renders it. */
export function renderToHtml(enml: string, resources: Record<string, ResolvedResource> = {}, lang = 'en'): string {
  const { nodes } = parseEnml(enml);
  return renderToStaticMarkup(createElement('div', null, ...renderEnml(nodes, { resolveResource: resourceStub(resources), labels: labelsFor(lang) })));
}

export function enNote(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd"><en-note>${body}</en-note>`;
}
