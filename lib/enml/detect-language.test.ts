import { describe, expect, it } from 'vitest';
import { detectLanguage, pageLanguage } from './detect-language';

describe('detectLanguage', () => {
  it.each([
    ['今天我们去公园散步，天气很好。', 'zh-CN'],
    ['きょうはいい天気ですね', 'ja'],
    ['오늘은 날씨가 좋네요', 'ko'],
    ['Сегодня хорошая погода', 'ru'],
    ['This is the note about the trip to the lake, and it was fun.', 'en'],
    ['Das ist die Notiz über den Ausflug, und sie ist nicht lang.', 'de'],
    ['Ceci est la note sur le voyage, et elle est pour vous.', 'fr'],
    ['Esta es la nota del viaje y es muy corta para los amigos.', 'es'],
    ['Kubernetes Grafana Prometheus', 'und'],
    ['12345 !!!', 'und'],
    ['', 'und'],
  ])('%s -> %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });
});

describe('pageLanguage', () => {
  it.each([
    ['de', 'Kubernetes', 'zh-CN', 'de'],
    ['und', 'Kubernetes Grafana Prometheus', 'zh-CN', 'en'],
    ['und', 'Über Straße', 'zh-CN', 'en'],
    ['und', '12345', 'zh-CN', 'zh-CN'],
    ['und', '12345', 'en', 'en'],
    ['und', '会议记录 2024', 'en', 'zh-CN'],
    ['', 'Some title', 'zh-CN', 'en'],
  ])('stored %s, text %s, default %s -> %s', (lang, text, fallback, expected) => {
    expect(pageLanguage(lang, text, fallback)).toBe(expected);
  });
});
