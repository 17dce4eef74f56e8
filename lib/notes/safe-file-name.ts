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
