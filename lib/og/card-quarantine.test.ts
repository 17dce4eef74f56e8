import { describe, expect, it } from 'vitest';
import { cardKey, CardQuarantine } from './card-quarantine';

type Step = `kill ${string}` | `wait ${number}`;

/** Runs the steps on a fixed clock; returns, after each, whether a kill was the card's first and the ms each card is refused for. */
function run(steps: Step[], cards = ['a', 'b', 'c']): Array<{ isFirst?: boolean; refused: number[] }> {
  let now = 1_000_000;
  const quarantine = new CardQuarantine({ maxCards: 2, firstMs: 60_000, maxMs: 240_000 }, () => now);
  return steps.map((step) => {
    const [verb, arg = ''] = step.split(' ');
    const isFirst = verb === 'kill' ? quarantine.killedWorker(arg) : undefined;
    if (verb === 'wait') now += Number(arg);
    return { ...(isFirst === undefined ? {} : { isFirst }), refused: cards.map((card) => quarantine.refusedMs(card)) };
  });
}

describe('CardQuarantine', () => {
  it.each<[string, Step[], Array<{ isFirst?: boolean; refused: number[] }>]>([
    ['a kill refuses that card for a minute, and no other', ['kill a', 'wait 59999', 'wait 1'],
      [{ isFirst: true, refused: [60_000, 0, 0] }, { refused: [1, 0, 0] }, { refused: [0, 0, 0] }]],
    ['each further kill doubles the refusal, up to the cap, and is not a first', ['kill a', 'wait 60000', 'kill a', 'wait 120000', 'kill a', 'kill a', 'kill a'],
      [{ isFirst: true, refused: [60_000, 0, 0] }, { refused: [0, 0, 0] }, { isFirst: false, refused: [120_000, 0, 0] }, { refused: [0, 0, 0] },
        { isFirst: false, refused: [240_000, 0, 0] }, { isFirst: false, refused: [240_000, 0, 0] }, { isFirst: false, refused: [240_000, 0, 0] }]],
    ['different cards are each a first', ['kill a', 'kill b'],
      [{ isFirst: true, refused: [60_000, 0, 0] }, { isFirst: true, refused: [60_000, 60_000, 0] }]],
    ['bounded: past two cards, the least recently killed is forgotten, and a first again', ['kill a', 'kill b', 'kill a', 'kill c', 'kill b'],
      [{ isFirst: true, refused: [60_000, 0, 0] }, { isFirst: true, refused: [60_000, 60_000, 0] }, { isFirst: false, refused: [120_000, 60_000, 0] },
        { isFirst: true, refused: [120_000, 0, 60_000] }, { isFirst: true, refused: [0, 60_000, 60_000] }]],
    ['no kills: nothing refused', ['wait 1000'], [{ refused: [0, 0, 0] }]],
  ])('%s', (_name, steps, expected) => {
    expect(run(steps)).toEqual(expected);
  });
});

describe('cardKey', () => {
  const base = { siteName: 'Site', title: 'Title', footer: 'Footer' };

  it.each([
    ['another title', '/font.ttf', { ...base, title: 'Title 2' }],
    ['another site', '/font.ttf', { ...base, siteName: 'Site 2' }],
    ['another footer', '/font.ttf', { ...base, footer: '' }],
    ['another font', '/other.ttf', base],
    ['the same characters split differently between fields', '/font.ttf', { siteName: 'SiteTitle', title: '', footer: 'Footer' }],
    ['a title that looks like the encoding of two fields', '/font.ttf', { ...base, siteName: 'Site","Title', title: '' }],
  ])('%s: another key', (_name, fontPath, text) => {
    expect(cardKey(fontPath, text)).not.toBe(cardKey('/font.ttf', base));
  });

  it('the same card: the same key; 30,000-character text: a key of the same short size', () => {
    expect(cardKey('/font.ttf', { ...base })).toBe(cardKey('/font.ttf', base));
    const long = cardKey('/font.ttf', { siteName: '笔'.repeat(30_000), title: 'n'.repeat(30_000), footer: '\u0000'.repeat(30_000) });
    expect(long).toHaveLength(cardKey('/font.ttf', base).length);
    expect(long).toHaveLength(43);
  });
});
