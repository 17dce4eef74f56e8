/**
 * Work that can pause. A note at Evernote's content limit costs a few hundred milliseconds to parse
 * and render; on a function instance that serves many requests at once, that much synchronous work
 * would stall every other request (docs/security.md: no request blocks the event loop for more than
 * 100 ms). So the long passes are written as generators whose bare `yield`s mark points where the
 * work may stop for a moment, and one of two drivers runs them:
 * - runSteps: straight through, synchronously (tests, the importer, Next's own page render);
 * - runSliced: in slices of about `sliceMs`, giving the event loop a turn (setImmediate) between them.
 * The result is the same either way: where the work pauses never changes what it computes.
 */
export type Steps<T> = Generator<void, T, undefined>;

/**
 * Milliseconds of work per slice. Small enough that a slice on a loaded 2-core instance (where
 * everything runs 2-4 times slower) still stays far below the 100 ms bound; large enough that the
 * hop through the event loop (a few microseconds) is noise.
 */
export const SLICE_MS = 8;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs `steps`, yielding to the event loop whenever a slice has run `sliceMs` (0: at every pause point). */
export async function runSliced<T>(steps: Steps<T>, sliceMs = SLICE_MS): Promise<T> {
  let sliceEnd = performance.now() + sliceMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() >= sliceEnd) {
      await nextTurn();
      sliceEnd = performance.now() + sliceMs;
    }
  }
}

/** Tree nodes visited between pause points by the passes over a parsed note. */
export const PAUSE_NODES = 256;

/**
 * Counts work and says when a pause point is worth offering: every `every` units. Pause points cost
 * a generator round trip (plus a clock read in runSliced), so loops offer one per batch of units.
 */
export class PauseCounter {
  private count = 0;

  constructor(private readonly every: number) {}

  /** Adds `units` of work; true when a pause point should be offered now. */
  add(units = 1): boolean {
    this.count += units;
    if (this.count < this.every) return false;
    this.count = 0;
    return true;
  }
}

/**
 * `map` over a note's top-level nodes, pausing between them (every PAUSE_NODES). The passes over
 * the tree recurse plainly inside each node: generator recursion ran them 2-5 times slower.
 */
export function* mapTopLevel<T, R>(nodes: readonly T[], map: (node: T) => R[]): Steps<R[]> {
  const out: R[] = [];
  const pause = new PauseCounter(PAUSE_NODES);
  for (const node of nodes) {
    if (pause.add()) yield;
    for (const mapped of map(node)) out.push(mapped);
  }
  return out;
}
