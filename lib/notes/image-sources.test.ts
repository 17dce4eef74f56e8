import { describe, expect, it } from 'vitest';
import { imageSources, NOTE_IMAGE_SIZES } from './image-sources';

const path = '/r/AbCdEfGhIjKlMnOpQrStUv/0123456789abcdef0123456789abcdef';

describe('imageSources', () => {
  it('serves originals without a loader', () => {
    expect(imageSources(path, 'image/jpeg', 4000, { loader: 'none', baseUrl: null })).toEqual({ src: path, srcSet: null, sizes: null });
  });

  it('adds imageMogr2 widths below the original, and the original at its own width', () => {
    const s = imageSources(path, 'image/jpeg', 1200, { loader: 'cos', baseUrl: 'https://img.example.com' });
    expect(s.src).toBe(`https://img.example.com${path}`);
    expect(s.srcSet).toBe([
      `https://img.example.com${path}?imageMogr2/thumbnail/360x 360w`,
      `https://img.example.com${path}?imageMogr2/thumbnail/720x 720w`,
      `https://img.example.com${path}?imageMogr2/thumbnail/1080x 1080w`,
      `https://img.example.com${path} 1200w`,
    ].join(', '));
    expect(s.sizes).toBe(NOTE_IMAGE_SIZES);
  });

  it.each([
    ['an animated-capable GIF', 'image/gif', 2000],
    ['an image narrower than the smallest width', 'image/png', 300],
    ['an image of unknown width', 'image/png', null],
  ] as const)('keeps %s as it is', (_name, mime, width) => {
    expect(imageSources(path, mime, width, { loader: 'cos', baseUrl: null }).srcSet).toBeNull();
  });
});
