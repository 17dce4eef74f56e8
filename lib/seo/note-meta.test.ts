import { describe, expect, it } from 'vitest';
import { ogLocale, ogLocaleTag } from './note-meta';

describe('ogLocale: language_TERRITORY, as Open Graph readers expect', () => {
  it.each([
    ['zh-CN', 'zh_CN'], ['zh', 'zh_CN'], ['zh-Hans', 'zh_CN'], ['zh-Hant', 'zh_TW'], ['zh-Hant-HK', 'zh_HK'], ['zh-TW', 'zh_TW'],
    ['en', 'en_US'], ['en-GB', 'en_GB'], ['EN-gb', 'en_GB'], ['de', 'de_DE'], ['de-AT', 'de_AT'], ['fr', 'fr_FR'], ['es', 'es_ES'],
    ['it', 'it_IT'], ['pt', 'pt_BR'], ['pt-PT', 'pt_PT'], ['nl', 'nl_NL'], ['ja', 'ja_JP'], ['ko', 'ko_KR'], ['ru', 'ru_RU'], ['de_CH', 'de_CH'],
  ])('%s -> %s', (lang, locale) => {
    expect(ogLocale(lang)).toBe(locale);
  });

  it.each(['und', '', 'tlh', 'x', 'not a tag', '12', '<script>'])('%j has no locale to name: the tag is left out', (lang) => {
    expect(ogLocale(lang)).toBeNull();
    expect(ogLocaleTag(lang)).toEqual([]);
  });
});
