/**
 * Generated notes for the load test: distinct titles and bodies, sizes from half a kilobyte to
 * 150 KB (most small, as in real notebooks), Chinese and English, the ENML features the
 * renderer handles (lists, tables, to-dos, code blocks, links), and some PNG images.
 */
import { createHash } from 'node:crypto';
import type { EnexNote, EnexResource } from '../../lib/enex/types';
import { pick, randomInt, type Random } from '../../test/seeded-random';
import { encodePng } from './png';

const EN_WORDS = 'the a note plan review meeting reading travel recipe design release checklist weekly idea draft summary budget team project garden book city train coffee market'.split(' ');
const ZH_WORDS = ['周会', '纪要', '读书', '笔记', '旅行', '攻略', '菜谱', '项目', '复盘', '设计', '预算', '团队', '城市', '咖啡', '市场', '花园', '长期', '主义', '数据', '清洗'];
const TITLES_EN = ['Weekly review', 'Reading notes', 'Meeting minutes', 'Trip plan', 'Recipe', 'Release checklist', 'Design sketch'];
const TITLES_ZH = ['周会纪要', '读书笔记', '杭州两日游攻略', '数据清洗笔记', '个人知识管理', '家常菜谱', '项目复盘'];

function sentence(random: Random, zh: boolean): string {
  const words = Array.from({ length: randomInt(random, 6, 18) }, () => pick(random, zh ? ZH_WORDS : EN_WORDS));
  return zh ? `${words.join('')}。` : `${words.join(' ')}.`;
}

/** One block of ENML; `i` varies the kind so every feature appears across the notes. */
function block(random: Random, zh: boolean, i: number): string {
  const text = (): string => Array.from({ length: randomInt(random, 1, 4) }, () => sentence(random, zh)).join(' ');
  switch (i % 7) {
    case 0: return `<h2>${sentence(random, zh)}</h2>`;
    case 1: return `<ul>${Array.from({ length: randomInt(random, 2, 6) }, () => `<li>${sentence(random, zh)}</li>`).join('')}</ul>`;
    case 2: return `<div><en-todo checked="${random() < 0.5}"/>${sentence(random, zh)}</div>`;
    case 3: return `<div style="--en-codeblock:true">const total = items.reduce((sum, item) =&gt; sum + item.price, 0);<br/>console.log(total);</div>`;
    case 4: return `<table><tr><td>${sentence(random, zh)}</td><td>${randomInt(random, 1, 999)}</td></tr><tr><td>${sentence(random, zh)}</td><td>${randomInt(random, 1, 999)}</td></tr></table>`;
    case 5: return `<div>${text()} <a href="https://example.com/${randomInt(random, 1, 1e6)}">${zh ? '链接' : 'link'}</a></div>`;
    default: return `<div>${text()}</div>`;
  }
}

/** ENML size in bytes: 70% 0.5-5 KB, 25% 5-40 KB, 5% 40-150 KB (long web clips). */
function targetSize(random: Random): number {
  const r = random();
  if (r < 0.7) return randomInt(random, 500, 5_000);
  if (r < 0.95) return randomInt(random, 5_000, 40_000);
  return randomInt(random, 40_000, 150_000);
}

function image(random: Random, index: number, n: number): EnexResource {
  const width = randomInt(random, 24, 320);
  const height = randomInt(random, 24, 240);
  // Colours unique to the note and image, so every resource is distinct. Most are 8x8 tiles that
  // compress to a few kilobytes, like screenshots; one in ten is noise (tens of kilobytes), like a photo.
  const salt = index * 0x9e37 + n * 0x79b9;
  const noisy = random() < 0.1;
  const data = encodePng(width, height, noisy
    ? (x, y) => ((x * 31 + y * 17 + salt) ^ (x * y)) * 2654435761
    : (x, y) => ((x >> 3) * 0x3f1 + (y >> 3) * 0x1f3 + salt) * 2654435761);
  return { hash: createHash('md5').update(data).digest('hex'), data, mime: 'image/png', width, height, fileName: `image-${index}-${n}.png`, sourceUrl: null };
}

/** Note number `index`, the same for the same index on every run. 20% carry one to three images. */
export function generateNote(index: number, random: Random): EnexNote {
  const zh = index % 2 === 0;
  const title = `${pick(random, zh ? TITLES_ZH : TITLES_EN)} ${index}`;
  const resources = random() < 0.2 ? Array.from({ length: randomInt(random, 1, 3) }, (_, n) => image(random, index, n)) : [];
  const size = targetSize(random);
  const blocks: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < size; i += 1) {
    const next = block(random, zh, i + index);
    blocks.push(next);
    bytes += Buffer.byteLength(next);
  }
  blocks.splice(1, 0, ...resources.map((r) => `<div><en-media hash="${r.hash}" type="${r.mime}"/></div>`));
  const when = new Date(Date.UTC(2020, 0, 1) + index * 3_600_000).toISOString();
  return {
    title,
    enml: `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd"><en-note>${blocks.join('')}</en-note>`,
    created: when,
    updated: when,
    tags: [pick(random, zh ? ZH_WORDS : EN_WORDS), `load-${index % 10}`],
    author: 'Load Test',
    sourceUrl: null,
    resources,
  };
}
