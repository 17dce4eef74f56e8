import { config } from '@/lib/config';
import type { PageTemplate } from '@/lib/http/page-template';
import { ensureNoteFastPath, noteTemplate, setNoteTemplate } from '@/lib/http/note-page-cache';

/**
 * Note pages before Next.js has loaded. Loading Next (its server, router and the built-ins it
 * pulls in) is most of a cold start, and the first request of a new function instance is usually
 * a note. `npm run package` bundles this module, with the note page's renderer, its components
 * and the store, into the function package (early-note-pages.js), together with the page template
 * its recording run learnt from Next (note-template.json). The server entry (app-server.js) loads
 * them first: the fast path then answers canonical note URLs (rendering them into that template,
 * or from the page cache, or 304), and Next loads once a request needs it or the instance is idle.
 * Everything else (404, 410, 301, 503, other pages) is Next's, exactly as before.
 */

/**
 * Registers the note page's fast path, with `template` (from the package) unless the process has
 * one already. True when notes can be answered without Next (there is a template); false when
 * Next must render the first note (and teach the template) or rendering outside Next is off.
 */
export function installEarlyNotePages(template: PageTemplate | null): boolean {
  if (!config.noteRenderOutsideNext) return false;
  if (template && !noteTemplate()) setNoteTemplate(template);
  // The renderer (React, the ENML renderer, the components) loads with the first note it renders:
  // a new instance asked for a sitemap, a feed or a 304 first does not evaluate it.
  ensureNoteFastPath((req, res, shareId) => import('./note-page').then((page) => page.renderOutsideNext(req, res, shareId)));
  return noteTemplate() !== null;
}

/** The template this process renders notes into, for the packaging run to save. */
export { noteTemplate };

/** The other routes a new instance answers before Next loads (server/early-routes.tsx). */
export { answerEarlyRoute } from './early-routes';
