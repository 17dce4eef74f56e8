import { describe, expect, it } from 'vitest';
import { notebookPath, notePath, SLUG_MAX_BYTES, slugify } from './slug';

describe('slugify', () => {
  it.each([
    ['Release checklist for v3.2', 'release-checklist-for-v3-2'],
    ['周末杭州两日游攻略', '周末杭州两日游攻略'],
    ['个人知识管理的十年：工具、方法与反思', '个人知识管理的十年'],
    ['', 'note'],
    ['!!!', 'note'],
    ['a'.repeat(100), 'a'.repeat(60)],
    ['😀 emoji only', 'emoji-only'],
    ['Ｆｕｌｌ width', 'full-width'],
  ])('%s -> %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('keeps every slug within the byte budget once percent-encoded', () => {
    for (const title of ['长'.repeat(200), 'é'.repeat(200), 'a-'.repeat(200), '한국어'.repeat(50), 'x'.repeat(59) + '长长长']) {
      expect(encodeURIComponent(slugify(title)).length).toBeLessThanOrEqual(SLUG_MAX_BYTES);
      expect(slugify(title)).not.toMatch(/-$/);
    }
  });

  it('builds note and notebook paths', () => {
    expect(notePath('A'.repeat(22), '周末')).toBe(`/s/${'A'.repeat(22)}/%E5%91%A8%E6%9C%AB`);
    expect(notebookPath('B'.repeat(22))).toBe(`/nb/${'B'.repeat(22)}`);
    expect(notebookPath('B'.repeat(22), 3)).toBe(`/nb/${'B'.repeat(22)}?page=3`);
  });
});
