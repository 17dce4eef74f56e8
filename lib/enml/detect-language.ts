/**
 * A BCP 47 tag for a note's text when the note does not declare one, from the scripts it uses.
 * Only answers where the script decides the language; Latin text is too ambiguous without a real
 * model, so it gets `und` unless common English function words dominate.
 */
const ENGLISH_WORDS = new Set(['the', 'and', 'of', 'to', 'is', 'in', 'it', 'for', 'with', 'on', 'that', 'this', 'you', 'are', 'be', 'a']);

export function detectLanguage(text: string): string {
  const sample = text.slice(0, 4000);
  const count = (re: RegExp): number => sample.match(re)?.length ?? 0;
  const kana = count(/[\u3040-\u30ff]/g);
  const hangul = count(/[\uac00-\ud7af]/g);
  const han = count(/[\u4e00-\u9fff]/g);
  const cyrillic = count(/[\u0400-\u04ff]/g);
  const latin = count(/[A-Za-z]/g);
  if (kana > 0 && kana + han >= latin / 4) return 'ja';
  if (hangul > latin / 4 && hangul > 0) return 'ko';
  if (han > 0 && han >= latin / 8) return 'zh-CN';
  if (cyrillic > latin) return 'ru';
  const words = sample.toLowerCase().match(/[a-z]+/g) ?? [];
  if (words.length === 0) return 'und';
  const english = words.filter((w) => ENGLISH_WORDS.has(w)).length;
  return english / words.length >= 0.08 ? 'en' : 'und';
}
