/**
 * A BCP 47 tag for a note's text when the note does not declare one. Scripts decide where they can
 * (kana, hangul, Han, Cyrillic); Latin text is told apart by the share of common function words of
 * a few languages, and answers `und` when none of them stands out.
 */
const FUNCTION_WORDS: Array<[lang: string, words: Set<string>]> = [
  ['en', new Set(['the', 'and', 'of', 'to', 'is', 'in', 'it', 'for', 'with', 'on', 'that', 'this', 'you', 'are', 'be', 'a'])],
  ['de', new Set(['der', 'die', 'das', 'und', 'ist', 'nicht', 'mit', 'ein', 'eine', 'den', 'dem', 'zu', 'auf', 'sich', 'auch', 'ich', 'wir', 'für', 'von'])],
  ['fr', new Set(['le', 'la', 'les', 'et', 'est', 'des', 'du', 'un', 'une', 'que', 'qui', 'pour', 'dans', 'pas', 'avec', 'sur', 'nous', 'vous'])],
  ['es', new Set(['el', 'los', 'las', 'y', 'es', 'del', 'que', 'por', 'con', 'una', 'para', 'como', 'pero', 'muy', 'se', 'al'])],
  ['it', new Set(['il', 'lo', 'gli', 'della', 'che', 'non', 'per', 'con', 'sono', 'una', 'del', 'anche', 'come', 'questo'])],
  ['pt', new Set(['o', 'os', 'as', 'do', 'da', 'dos', 'das', 'não', 'uma', 'com', 'para', 'por', 'em', 'mas', 'são'])],
  ['nl', new Set(['de', 'het', 'een', 'en', 'van', 'is', 'niet', 'met', 'voor', 'dat', 'zijn', 'ook', 'maar', 'wij'])],
];

/** Share of function words above which a Latin text is taken to be in that language. */
const MIN_FUNCTION_WORD_SHARE = 0.08;

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
  const words = sample.toLowerCase().match(/\p{Script=Latin}+/gu) ?? [];
  if (words.length === 0) return 'und';
  let best = 'und';
  let bestShare = MIN_FUNCTION_WORD_SHARE;
  for (const [lang, set] of FUNCTION_WORDS) {
    const share = words.filter((w) => set.has(w)).length / words.length;
    if (share >= bestShare && !(share === bestShare && best !== 'und')) [best, bestShare] = [lang, share];
  }
  return best;
}

/**
 * The language a page shows for content stored as `lang`: the stored tag, or for `und` (nothing
 * detected) a choice by script, so Latin text never gets Chinese chrome. Latin falls back to
 * English, the site's other UI language and the usual lingua franca of undetected Latin notes;
 * text with no letters at all (numbers, symbols) falls back to `fallback`, the site's default locale.
 */
export function pageLanguage(lang: string, text: string, fallback: string): string {
  if (lang && lang !== 'und') return lang;
  const detected = detectLanguage(text);
  if (detected !== 'und') return detected;
  return /\p{Script=Latin}/u.test(text) ? 'en' : fallback;
}
