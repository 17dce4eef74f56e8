import QRCode from 'qrcode';

/**
 * What the QR code encodes: the note's short URL, which answers 301 to the canonical one. It never
 * changes when the title (and so the slug) does, so the image is immutable, and it is shorter, so
 * the code has fewer, larger modules that phone cameras read more easily.
 */
export function qrCodeTarget(siteUrl: string, shareId: string): string {
  return `${siteUrl}/s/${shareId}`;
}

/**
 * A QR code of a URL as SVG: one path of unit squares, plus the quiet zone the spec requires.
 * Byte mode is given explicitly: a URL gains nothing from mixed-mode segments, and the segment
 * optimiser (a shortest-path search) was a visible part of render CPU when this ran per page.
 */
export function qrCodeSvg(url: string): string {
  const { modules } = QRCode.create([{ data: Buffer.from(url, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const quiet = 4;
  let path = '';
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) if (modules.get(x, y)) path += `M${x + quiet} ${y + quiet}h1v1h-1z`;
  }
  const box = size + quiet * 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${box} ${box}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
