import type { ServerResponse } from 'node:http';

/**
 * Lets a page submit its search form (a GET to this site). next.config.js sends
 * `form-action 'none'` on every page; pages with a search form open it to 'self' only.
 */
export function allowSearchForm(res: ServerResponse): void {
  const current = res.getHeader('Content-Security-Policy');
  if (typeof current === 'string' && current.includes("form-action 'none'")) {
    res.setHeader('Content-Security-Policy', current.replace("form-action 'none'", "form-action 'self'"));
  }
}
