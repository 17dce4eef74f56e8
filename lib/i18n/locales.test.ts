import { describe, expect, it } from 'vitest';
import { alternatesFor, localePath, toLocale, uiLocaleFor } from './locales';

describe('locales', () => {
  it.each([
    ['/', 'zh-CN', '/'],
    ['/', 'en', '/en'],
    ['/features', 'zh-CN', '/features'],
    ['/features', 'en', '/en/features'],
  ] as const)('localePath(%s, %s) = %s', (path, locale, expected) => {
    expect(localePath(path, locale)).toBe(expected);
  });

  it('hreflang alternates: every locale plus x-default, absolute', () => {
    expect(alternatesFor('https://n.example', '/')).toEqual([
      { hrefLang: 'zh-CN', href: 'https://n.example/' },
      { hrefLang: 'en', href: 'https://n.example/en' },
      { hrefLang: 'x-default', href: 'https://n.example/' },
    ]);
    expect(alternatesFor('https://n.example', '/download').map((a) => a.href)).toEqual([
      'https://n.example/download', 'https://n.example/en/download', 'https://n.example/download',
    ]);
  });

  it.each([['zh-TW', 'zh-CN'], ['zh', 'zh-CN'], ['en', 'en'], ['und', 'en'], ['ja', 'en']] as const)('ui locale for %s is %s', (lang, ui) => {
    expect(uiLocaleFor(lang)).toBe(ui);
  });

  it('unknown locales fall back to the default', () => {
    expect(toLocale('fr')).toBe('zh-CN');
    expect(toLocale(undefined)).toBe('zh-CN');
    expect(toLocale('en')).toBe('en');
  });
});
