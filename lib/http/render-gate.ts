/**
 * How much note a process renders at once. Renders run in slices (lib/enml/steps.ts), so several
 * can be in flight together; each holds memory in proportion to its ENML (a note at the content
 * limit, ~5 MB, takes up to ~60 MB of heap while it renders). Left unbounded, a burst of large
 * notes would add those up until the instance runs out of memory, and on SCF that aborts every
 * request in flight on it. So renders take a share of MAX_RENDERING_CHARS of ENML and wait, first
 * come first served, while it is spent; one render always runs, whatever its size. Slicing does
 * not make a single core faster: waiting costs no throughput, only the waiting request's time.
 * Kept on globalThis: the note page runs from two bundles (Next's and the early note pages').
 */
export const MAX_RENDERING_CHARS = 8 * 1024 * 1024;

interface Gate {
  chars: number;
  running: number;
  waiting: Array<{ chars: number; start: () => void }>;
}

const GATE = Symbol.for('note-publisher.render-gate');
const registry = globalThis as typeof globalThis & { [GATE]?: Gate };
const gate: Gate = registry[GATE] ??= { chars: 0, running: 0, waiting: [] };

function admit(): void {
  for (let next = gate.waiting[0]; next && (gate.running === 0 || gate.chars + next.chars <= MAX_RENDERING_CHARS); next = gate.waiting[0]) {
    gate.waiting.shift();
    gate.chars += next.chars;
    gate.running += 1;
    next.start();
  }
}

/** Runs `render` once `chars` of ENML may be rendered (see above). */
export async function withRenderBudget<T>(chars: number, render: () => Promise<T>): Promise<T> {
  await new Promise<void>((start) => {
    gate.waiting.push({ chars, start });
    admit();
  });
  try {
    return await render();
  } finally {
    gate.chars -= chars;
    gate.running -= 1;
    admit();
  }
}

/** Renders running and waiting (for tests and logs). */
export function renderGateState(): { running: number; waiting: number; chars: number } {
  return { running: gate.running, waiting: gate.waiting.length, chars: gate.chars };
}
