import { imageSize } from 'image-size';

/** Raster formats every browser displays; only these are ever served inline from our origin. */
const INLINE_IMAGE_MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  avif: 'image/avif',
};

export interface ProbedResource {
  mime: string;
  width: number | null;
  height: number | null;
}

/**
 * Decides a resource's type from its bytes, not from what the export claims: a file declared
 * `image/png` that is really HTML or SVG must never be served inline. Unrecognised bytes keep the
 * declared type (for the download's Content-Type) but lose any image status.
 */
export function probeResource(data: Buffer, declaredMime: string): ProbedResource {
  try {
    const info = imageSize(data);
    const mime = info.type ? INLINE_IMAGE_MIME[info.type] : undefined;
    if (mime && info.width > 0 && info.height > 0) {
      // EXIF orientations 5-8 rotate by 90 degrees: the displayed box is transposed.
      const rotated = info.orientation !== undefined && info.orientation >= 5;
      return { mime, width: rotated ? info.height : info.width, height: rotated ? info.width : info.height };
    }
  } catch {
    // Not an image format image-size knows: fall through to the declared type.
  }
  const declared = /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(declaredMime) ? declaredMime : 'application/octet-stream';
  return { mime: declared, width: null, height: null };
}

export function isInlineImage(mime: string, width: number | null): boolean {
  return width !== null && Object.values(INLINE_IMAGE_MIME).includes(mime);
}
