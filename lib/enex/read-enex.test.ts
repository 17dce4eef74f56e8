import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readEnex } from './read-enex';
import { parseEnexDate } from './enex-date';
import { EnexRefusedError, type EnexEntry } from './types';

/** Feeds the text in small byte chunks, so multi-byte characters get split between reads. */
function chunks(text: string, size = 7): AsyncIterable<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return (async function* generate() {
    for (const part of parts) yield await Promise.resolve(part);
  })();
}

async function readAll(text: string, size?: number): Promise<EnexEntry[]> {
  const out: EnexEntry[] = [];
  for await (const entry of readEnex(chunks(text, size))) out.push(entry);
  return out;
}

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE en-export SYSTEM "http://xml.evernote.com/pub/evernote-export3.dtd">\n';
const note = (title: string, extra = ''): string =>
  `<note><title>${title}</title><content><![CDATA[<en-note><div>${title} body</div></en-note>]]></content><created>20260102T030405Z</created>${extra}</note>`;
const enex = (...notes: string[]): string => `${HEAD}<en-export>${notes.join('\n')}</en-export>`;

describe('readEnex', () => {
  it('streams notes with fields, tags and decoded resources, across tiny chunks and split UTF-8', async () => {
    const data = Buffer.from('hello resource');
    const md5 = createHash('md5').update(data).digest('hex');
    const b64 = data.toString('base64').replace(/(.{4})/g, '$1\n');
    const [entry] = await readAll(enex(note('周末杭州', `<tag>旅行</tag><tag>杭州</tag><note-attributes><author> 林 </author></note-attributes><resource><data encoding="base64">${b64}</data><mime>text/plain</mime><resource-attributes><file-name>a.txt</file-name></resource-attributes></resource>`)), 3);
    expect(entry?.ok).toBe(true);
    if (!entry?.ok) return;
    expect(entry.note).toMatchObject({ title: '周末杭州', created: '2026-01-02T03:04:05.000Z', tags: ['旅行', '杭州'], author: '林' });
    expect(entry.note.enml).toBe('<en-note><div>周末杭州 body</div></en-note>');
    expect(entry.note.resources[0]).toMatchObject({ hash: md5, mime: 'text/plain', fileName: 'a.txt', data });
  });

  it('keeps the C1 controls and noncharacters XML allows in titles, tags, authors and file names (pages drop them when they read the store)', async () => {
    const dirty = 'x\u0085\u009f\ufdd0\ud83f\udfff';
    const [entry] = await readAll(enex(note(`T ${dirty}`, `<tag>g ${dirty}</tag><note-attributes><author>a ${dirty}</author></note-attributes><resource><data encoding="base64">aGk=</data><mime>text/plain</mime><resource-attributes><file-name>f ${dirty}</file-name></resource-attributes></resource>`)));
    expect(entry?.ok).toBe(true);
    if (!entry?.ok) return;
    expect(entry.note).toMatchObject({ title: `T ${dirty}`, tags: [`g ${dirty}`], author: `a ${dirty}` });
    expect(entry.note.resources[0]?.fileName).toBe(`f ${dirty}`);
  });

  it('refuses a DOCTYPE with entity declarations before yielding any note (billion laughs)', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE en-export [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><en-export>${note('a')}<note><title>&lol2;</title></note></en-export>`;
    await expect(readAll(lol)).rejects.toThrow(EnexRefusedError);
    await expect(readAll(lol)).rejects.toThrow(/entity/);
  });

  it('refuses external entities (XXE)', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE en-export [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><en-export><note><title>&xxe;</title></note></en-export>`;
    await expect(readAll(xxe)).rejects.toThrow(EnexRefusedError);
  });

  it('reports an undefined entity as a bad note and keeps the others', async () => {
    const entries = await readAll(enex(note('one'), '<note><title>&xxe;</title><content></content></note>', note('three')));
    expect(entries.map((e) => e.ok)).toEqual([true, false, true]);
  });

  it('skips a malformed note in the middle and imports the rest', async () => {
    const broken = '<note><title>broken</title><content><![CDATA[<en-note/>]]></content><note-attributes><author>x</author></note-attributesv></note>';
    const entries = await readAll(enex(note('first'), broken, note('last')));
    expect(entries.filter((e) => e.ok).map((e) => e.ok && e.note.title)).toEqual(['first', 'last']);
    const bad = entries.find((e) => !e.ok);
    expect(bad).toMatchObject({ ok: false, title: 'broken' });
    expect(bad?.ok === false && bad.error).toMatch(/malformed XML/);
  });

  it('rejects a note whose resource is not valid base64', async () => {
    const entries = await readAll(enex(note('bad', '<resource><data encoding="base64">@@@not base64@@@</data><mime>image/png</mime></resource>'), note('good')));
    expect(entries.map((e) => e.ok)).toEqual([false, true]);
    expect(entries[0]?.ok === false && entries[0].error).toMatch(/base64/);
  });

  it('reports a truncated file: complete notes come through, the cut one is an error', async () => {
    const full = enex(note('complete'), note('cut off'));
    const entries = await readAll(full.slice(0, full.indexOf('cut off') + 20));
    expect(entries[0]?.ok).toBe(true);
    expect(entries[1]).toMatchObject({ ok: false });
  });

  it('refuses files that are not ENEX', async () => {
    await expect(readAll('<html><body>hi</body></html>')).rejects.toThrow(/not an ENEX export/);
    await expect(readAll('')).rejects.toThrow(/not an ENEX export/);
    await expect(readAll(`${HEAD}<en-export></en-export>`)).rejects.toThrow(/no <note>/);
  });
});

describe('parseEnexDate', () => {
  it.each([
    ['20070120T174209Z', '2007-01-20T17:42:09.000Z'],
    ['\n\t 20070120T174209Z \n', '2007-01-20T17:42:09.000Z'],
    ['2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00.000Z'],
    ['19691006T084413Z', '1969-10-06T08:44:13.000Z'],
    ['19700101T000000Z', null],
    ['10101T000000Z', null],
    ['20071320T174209Z', null],
    ['', null],
    [null, null],
  ])('%s -> %s', (raw, expected) => {
    expect(parseEnexDate(raw)).toBe(expected);
  });
});
