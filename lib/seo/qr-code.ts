import QRCode from 'qrcode';

/**
 * A QR code of a URL as an SVG data URI, built on the server (desktop readers scan it to continue on
 * their phone; no client JS). One path of unit squares, plus the quiet zone the spec requires.
 */
export function qrCodeDataUri(url: string): string {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const quiet = 4;
  let path = '';
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) if (modules.get(x, y)) path += `M${x + quiet} ${y + quiet}h1v1h-1z`;
  }
  const box = size + quiet * 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${box} ${box}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
