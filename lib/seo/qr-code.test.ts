import { describe, expect, it } from 'vitest';
import { qrCodeDataUri } from './qr-code';

describe('qrCodeDataUri', () => {
  it('encodes a URL as a square SVG with a quiet zone and no script', () => {
    const uri = qrCodeDataUri('https://notes.example.com/s/AjOlUiDvBbAPr0HuiF3Lag/%E9%95%BF%E6%96%87');
    expect(uri).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(uri.split(',')[1] as string, 'base64').toString('utf8');
    const [, w, h] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg) ?? [];
    expect(w).toBe(h);
    expect(Number(w)).toBeGreaterThanOrEqual(29);
    expect(svg).not.toMatch(/script|on\w+=/i);
  });
});
