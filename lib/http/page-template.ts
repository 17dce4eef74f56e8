import type { OutgoingHttpHeaders } from 'node:http';
import type { CachedResponse } from './page-cache';

/**
 * A page as the framework renders it, with its variable parts cut out: learnt from one response
 * Next.js rendered, so the document around the parts (doctype, the framework's own head tags,
 * stylesheets, wrappers) is exactly Next's, byte for byte, for the build that is running.
 * `pieces[0] + parts[0] + pieces[1] + … + parts[n-1] + pieces[n]` is the page.
 */
export interface PageTemplate {
  readonly pieces: readonly string[];
  /** The response headers every page of the kind shares (per-page headers removed). */
  readonly headers: OutgoingHttpHeaders;
}

/**
 * Cuts `parts` out of `html`. Each part must be non-empty, occur exactly once in the page, and the
 * parts must come in order; otherwise there is no template (null) rather than a wrong one.
 */
export function learnTemplate(html: string, parts: readonly string[], headers: OutgoingHttpHeaders, perPageHeaders: readonly string[]): PageTemplate | null {
  const pieces: string[] = [];
  let from = 0;
  for (const part of parts) {
    if (part === '') return null;
    const at = html.indexOf(part, from);
    if (at < 0 || html.indexOf(part) !== at || html.indexOf(part, at + 1) >= 0) return null;
    pieces.push(html.slice(from, at));
    from = at + part.length;
  }
  pieces.push(html.slice(from));
  const shared: OutgoingHttpHeaders = {};
  const skip = new Set(perPageHeaders.map((name) => name.toLowerCase()));
  for (const [name, value] of Object.entries(headers)) if (!skip.has(name.toLowerCase()) && value !== undefined) shared[name.toLowerCase()] = value;
  return { pieces, headers: shared };
}

/** The page for these parts (as many as the template was learnt with). */
export function fillTemplate(template: PageTemplate, parts: readonly string[]): string {
  if (parts.length !== template.pieces.length - 1) throw new Error(`page template has ${template.pieces.length - 1} parts, got ${parts.length}`);
  let html = template.pieces[0] ?? '';
  for (let i = 0; i < parts.length; i += 1) html += (parts[i] as string) + (template.pieces[i + 1] as string);
  return html;
}

/** A whole response from a template: its shared headers plus this page's own. */
export function templateResponse(template: PageTemplate, parts: readonly string[], pageHeaders: OutgoingHttpHeaders): CachedResponse {
  const headers: OutgoingHttpHeaders = { ...template.headers };
  for (const [name, value] of Object.entries(pageHeaders)) if (value !== undefined) headers[name.toLowerCase()] = value;
  return { headers, body: Buffer.from(fillTemplate(template, parts)) };
}
