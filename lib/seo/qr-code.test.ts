import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrCodePath } from './qr-code-path';
import { qrCodeSvg, qrCodeTarget } from './qr-code';

describe('QR codes', () => {
  it('encodes a URL as a square SVG with a quiet zone and no script', () => {
    const svg = qrCodeSvg('https://notes.example.com/s/AjOlUiDvBbAPr0HuiF3Lag');
    const [, w, h] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg) ?? [];
    expect(w).toBe(h);
    expect(Number(w)).toBeGreaterThanOrEqual(29);
    expect(svg).not.toMatch(/script|on\w+=/i);
  });

  it('draws exactly the dark modules of the code for that URL', () => {
    const url = 'https://notes.example.com/s/AjOlUiDvBbAPr0HuiF3Lag';
    const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
    let dark = 0;
    for (let y = 0; y < modules.size; y += 1) for (let x = 0; x < modules.size; x += 1) if (modules.get(x, y)) dark += 1;
    expect(qrCodeSvg(url).match(/M\d+ \d+h1v1h-1z/g)).toHaveLength(dark);
  });

  it('points at the short, stable share URL and lives at a per-share path', () => {
    expect(qrCodeTarget('https://n.example', 'AjOlUiDvBbAPr0HuiF3Lag')).toBe('https://n.example/s/AjOlUiDvBbAPr0HuiF3Lag');
    expect(qrCodePath('AjOlUiDvBbAPr0HuiF3Lag')).toBe('/qr/AjOlUiDvBbAPr0HuiF3Lag.svg');
  });
});
