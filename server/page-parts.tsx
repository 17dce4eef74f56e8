import { cloneElement, isValidElement, type ReactElement } from 'react';
import { renderToStaticMarkup, renderToString } from 'react-dom/server';
import { HeadManagerContext } from 'next/dist/shared/lib/head-manager-context.shared-runtime';
import type { PageTemplate } from '@/lib/http/page-template';

/**
 * Any page of ours without client JavaScript, rendered outside Next into the note page's template
 * (the document around a page: doctype, charset, the document's own head tags, stylesheets; it is
 * the same for every such page, see server/note-page.tsx). The page component renders as Next
 * renders it: next/head hands its tags to a head manager, which here keeps the list next/head
 * reduced (Next's default head included), and the document writes them as Next's does, each
 * marked `data-next-head`, scripts after the stylesheet preload, the body inside `<div id="__next">`.
 * test/serverless/render-outside-next.test.ts (note pages) and routes-outside-next.test.ts (explore,
 * notebooks, their status pages) compare the results with Next's byte for byte.
 */

/** Separates what React hoists out of the page body (image preloads) from the body itself. */
const BODY_MARK = '\u{E000}page-body\u{E000}';

/** What Next's default head starts with; the template holds it already (its second piece ends with it). */
const CHARSET_TAG = '<meta charSet="utf-8" data-next-head=""/>';

interface HeadManager {
  updateHead: (state: ReactElement[]) => void;
  mountedInstances: Set<unknown>;
  updateScripts: () => void;
  scripts: Record<string, never>;
}

/** The page's markup and the head next/head collected while rendering it. */
function renderWithHead(page: ReactElement): { html: string; head: ReactElement[] } {
  let head: ReactElement[] = [];
  const manager: HeadManager = { updateHead: (state) => { head = state; }, mountedInstances: new Set(), updateScripts: () => undefined, scripts: {} };
  const html = renderToString(<HeadManagerContext.Provider value={manager}>{BODY_MARK}{page}</HeadManagerContext.Provider>);
  return { html, head };
}

function headHtml(elements: ReactElement[]): string {
  return renderToStaticMarkup(<head>{elements}</head>).slice('<head>'.length, -'</head>'.length);
}

/**
 * The parts of `page` for the note page's template: `<html lang>`, the head tags (scripts apart),
 * the head's scripts, then the body after what React hoists out of it. Throws when next/head's list
 * does not start with the charset tag the template carries (a Next that changed its default head).
 */
export function renderPageParts(page: ReactElement, lang: string): string[] {
  const html = renderToStaticMarkup(<html lang={lang} />);
  const htmlOpen = html.slice(0, html.indexOf('<head>'));
  const rendered = renderWithHead(page);
  const tags = rendered.head.filter(isValidElement).map((tag) => cloneElement(tag as ReactElement<Record<string, unknown>>, { 'data-next-head': '' }));
  const [charset, ...rest] = tags;
  if (!charset || headHtml([charset]) !== CHARSET_TAG) throw new Error('page parts: next/head\'s list does not start with the charset tag');
  const mark = rendered.html.indexOf(BODY_MARK);
  const hoisted = rendered.html.slice(0, mark);
  const body = rendered.html.slice(mark + BODY_MARK.length).replace(/^<!-- -->/, '');
  return [htmlOpen, headHtml(rest.filter((tag) => tag.type !== 'script')), headHtml(rest.filter((tag) => tag.type === 'script')), `${hoisted}<div id="__next">${body}`];
}

/** The note template's document ends its page body with this: a page script goes in between. */
const DOCUMENT_END = '</div></body></html>';

/**
 * The template with a page script (pages/_document.tsx adds `<script src defer>` after the body's
 * `<div id="__next">`), or null when the template does not end as Next's document does.
 */
export function withPageScript(template: PageTemplate, src: string): PageTemplate | null {
  const last = template.pieces[template.pieces.length - 1];
  if (last !== DOCUMENT_END) return null;
  const script = renderToStaticMarkup(<script src={src} defer />);
  return { pieces: [...template.pieces.slice(0, -1), `</div>${script}</body></html>`], headers: template.headers };
}
