// Development tool (not run in CI): builds lib/og/fonts/NotoSansSC-Bold-subset.ttf, the font the
// Open Graph images use, from a local Noto Sans CJK collection (Debian: apt-get install fonts-noto-cjk).
// Keeps ASCII, CJK punctuation and the 3,755 level-1 hanzi of GB 2312 (the characters of ~99.7% of
// modern Chinese text), which brings ~16 MB down to ~1.9 MB. Needs `npx subset-font` (not a dependency).
//   node scripts/dev/make-og-font.mjs [path/to/NotoSansCJK-Bold.ttc]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const source = process.argv[2] ?? '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc';
/** Face order in the Noto CJK collections: JP, KR, SC, TC, HK. */
const SIMPLIFIED_CHINESE_FACE = 2;

/** Copies one face of a font collection (TTC) into a standalone font file. */
function extractFace(ttc, index) {
  if (ttc.toString('latin1', 0, 4) !== 'ttcf') return ttc;
  const directory = ttc.readUInt32BE(12 + index * 4);
  const numTables = ttc.readUInt16BE(directory + 4);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const record = directory + 12 + i * 16;
    return { tag: ttc.toString('latin1', record, record + 4), checksum: ttc.readUInt32BE(record + 4), offset: ttc.readUInt32BE(record + 8), length: ttc.readUInt32BE(record + 12) };
  });
  const headerSize = 12 + numTables * 16;
  const out = Buffer.alloc(tables.reduce((size, t) => size + ((t.length + 3) & ~3), headerSize));
  ttc.copy(out, 0, directory, directory + 12);
  let position = headerSize;
  tables.forEach((t, i) => {
    const record = 12 + i * 16;
    out.write(t.tag, record, 'latin1');
    out.writeUInt32BE(t.checksum, record + 4);
    out.writeUInt32BE(position, record + 8);
    out.writeUInt32BE(t.length, record + 12);
    ttc.copy(out, position, t.offset, t.offset + t.length);
    position += (t.length + 3) & ~3;
  });
  return out;
}

function characters() {
  const gbk = new TextDecoder('gbk');
  let text = '';
  for (let c = 0x20; c < 0x7f; c += 1) text += String.fromCharCode(c);
  // GB 2312 rows A1-A3 (punctuation, full-width forms) and B0-D7 (level-1 hanzi).
  for (let hi = 0xa1; hi <= 0xd7; hi += 1) {
    if (hi > 0xa3 && hi < 0xb0) continue;
    for (let lo = 0xa1; lo <= 0xfe; lo += 1) text += gbk.decode(new Uint8Array([hi, lo]));
  }
  return [...new Set(text)].filter((c) => c !== '\ufffd').join('') + '…·—“”‘’';
}

const require = createRequire(import.meta.url);
const subsetFont = require('subset-font');
const font = await subsetFont(extractFace(readFileSync(source), SIMPLIFIED_CHINESE_FACE), characters(), { targetFormat: 'sfnt' });
writeFileSync(new URL('../../lib/og/fonts/NotoSansSC-Bold-subset.ttf', import.meta.url), font);
console.log(`wrote ${font.length} bytes`);
