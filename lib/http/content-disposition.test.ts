import { describe, expect, it } from 'vitest';
import { contentDisposition, safeFileName } from './content-disposition';

describe('safeFileName', () => {
  it.each([
    ['报价单-2026.pdf', '报价单-2026.pdf'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['a"b\\c:d*.txt', 'a_b_c_d_.txt'],
    ['name.pdf\\', 'name.pdf_'],
    ['  .hidden.  ', 'hidden'],
    ['\u202egnp.exe', 'gnp.exe'],
    ['bad\ud800half.png', 'badhalf.png'],
    [`${'a'.repeat(149)}😀.png`, `${'a'.repeat(149)}😀`],
    ['', 'fallback'],
    [null, 'fallback'],
  ])('%j -> %j', (raw, expected) => {
    expect(safeFileName(raw, 'fallback')).toBe(expected);
  });

  it('never yields a name that breaks the header', () => {
    for (const raw of [`${'a'.repeat(149)}😀.png`, '\udfff', 'x\r\nSet-Cookie: a=b']) {
      const header = contentDisposition('attachment', safeFileName(raw, 'f'));
      expect(header).not.toMatch(/[\r\n]/);
    }
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('attachment', '报价单.pdf')).toBe("attachment; filename=\"___.pdf\"; filename*=UTF-8''%E6%8A%A5%E4%BB%B7%E5%8D%95.pdf");
  });
});
