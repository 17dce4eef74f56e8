import { describe, expect, it } from 'vitest';
import { buildAppLinks, fillTemplate } from './app-links';

describe('app links', () => {
  it.each([
    ['notes://share/{shareId}', 'notes://share/AbC-_1'],
    ['https://app.example/save?u={url}&id={shareId}', 'https://app.example/save?u=https%3A%2F%2Fn.example%2Fs%2FAbC-_1%2Fa%3Fb%26c&id=AbC-_1'],
    ['/download?from={shareId}', '/download?from=AbC-_1'],
    ['intent://x#Intent;scheme=notes;S.id={shareId};end', 'intent://x#Intent;scheme=notes;S.id=AbC-_1;end'],
  ])('%s', (template, expected) => {
    expect(fillTemplate(template, 'AbC-_1', 'https://n.example/s/AbC-_1/a?b&c')).toBe(expected);
  });

  it('percent-encodes values so they cannot inject into the template', () => {
    expect(fillTemplate('x://?id={shareId}', '"><script>', 'u')).toBe('x://?id=%22%3E%3Cscript%3E');
  });

  it('hides "open in app" and saves through the download page when no templates are configured', () => {
    expect(buildAppLinks({ open: null, save: null }, 'id', 'u', '/en/download')).toEqual({ open: null, save: '/en/download' });
    expect(buildAppLinks({ open: 'x://{shareId}', save: 'y://{shareId}' }, 'id', 'u', '/download')).toEqual({ open: 'x://id', save: 'y://id' });
  });
});
