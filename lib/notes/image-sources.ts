/**
 * Responsive sources for a note image. With Tencent Cloud image processing (COS 数据万象, also
 * available on CDN domains) a `?imageMogr2/thumbnail/<w>x` query returns the image scaled to w
 * pixels wide, so phones download a fraction of a photo. Without it, originals are served: the
 * resource route ignores query strings, so a misconfigured loader still shows every image.
 */
export interface ImageSources {
  src: string;
  srcSet: string | null;
  sizes: string | null;
}

export interface ImageLoaderConfig {
  loader: 'cos' | 'none';
  /** Origin serving /r/... (a CDN with image processing); null for the site itself. */
  baseUrl: string | null;
}

/** 1x/2x/3x of a phone column and 1x/2x of the desktop column (43.5rem of content). */
export const IMAGE_WIDTHS = [360, 720, 1080, 1440] as const;
/** The note column: full width minus the page padding on phones, 43.5rem (696 px) beyond. */
export const NOTE_IMAGE_SIZES = '(max-width: 46rem) calc(100vw - 2.5rem), 696px';
/** imageMogr2 re-encodes frames; animated GIFs would lose their animation. */
const SCALABLE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/bmp']);

export function imageSources(path: string, mime: string, width: number | null, config: ImageLoaderConfig): ImageSources {
  const src = `${config.baseUrl ?? ''}${path}`;
  if (config.loader !== 'cos' || !width || !SCALABLE.has(mime)) return { src, srcSet: null, sizes: null };
  const smaller = IMAGE_WIDTHS.filter((w) => w < width);
  if (smaller.length === 0) return { src, srcSet: null, sizes: null };
  const srcSet = [...smaller.map((w) => `${src}?imageMogr2/thumbnail/${w}x ${w}w`), `${src} ${width}w`].join(', ');
  return { src, srcSet, sizes: NOTE_IMAGE_SIZES };
}
