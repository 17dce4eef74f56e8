/**
 * Where a note's QR code image lives (lib/http/serve-qr-code.ts). Apart from the encoder
 * (qr-code.ts), so the note page does not load the QR library just to link to the image.
 */
export function qrCodePath(shareId: string): string {
  return `/qr/${shareId}.svg`;
}
