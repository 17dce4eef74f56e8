// The name itself is cleaned where the note page model needs it too (lib/notes, which imports nothing from lib/http).
export { safeFileName } from '../notes/safe-file-name';

export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Every download is opaque bytes. A deny-list of active types (HTML, scripts, XML) missed others a
 * browser or plugin may still act on (`text/css`, `text/x-javascript`, `application/wasm`, PDF
 * readers' scripting...): only the inline image allow-list (resource-kind.ts) keeps its type.
 */
export const DOWNLOAD_CONTENT_TYPE = 'application/octet-stream';
