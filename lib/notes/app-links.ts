/** Links of the "Open in app" / "Save to my notes" calls to action, from the configured templates. */
export interface AppLinks {
  /** Deep link into the app; null when no template is configured (the button is not shown). */
  open: string | null;
  save: string;
}

/** Fills `{shareId}` and `{url}` (both percent-encoded, so a template cannot be broken out of). */
export function fillTemplate(template: string, shareId: string, canonicalUrl: string): string {
  return template
    .replaceAll('{shareId}', encodeURIComponent(shareId))
    .replaceAll('{url}', encodeURIComponent(canonicalUrl));
}

/** `fallbackSave` (the site's download page in the reader's language) when no save template is set. */
export function buildAppLinks(templates: { open: string | null; save: string | null }, shareId: string, canonicalUrl: string, fallbackSave: string): AppLinks {
  return {
    open: templates.open === null ? null : fillTemplate(templates.open, shareId, canonicalUrl),
    save: templates.save === null ? fallbackSave : fillTemplate(templates.save, shareId, canonicalUrl),
  };
}
