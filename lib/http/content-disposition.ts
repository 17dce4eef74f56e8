/**
 * Download file names from notes are untrusted: they may hold path separators, control
 * characters, quotes or a trailing backslash. RFC 6266: an ASCII `filename` fallback plus a
 * UTF-8 `filename*` for the real (often Chinese) name.
 */
export function safeFileName(raw: string | null, fallback: string): string {
  // Bounded before any pattern runs over it (trimming a long run of spaces rescans it per position).
  const cleaned = (raw ?? '').slice(0, 1024)
    .normalize('NFC')
    // Lone surrogates make encodeURIComponent throw; bidi controls make "exe.png" out of "\u202egnp.exe".
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\u0000-\u001f\u007f"*/:<>?\\|]+/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const short = Array.from(cleaned).slice(0, 150).join('');
  return short === '' ? fallback : short;
}

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
