import type * as Lowlight from 'lowlight';

/**
 * lowlight is an ES module, loaded on demand (lib/enml/highlight.ts). Its `import()` sits alone in
 * this module so that a bundle of the renderer can keep it as a separate file (scripts/
 * package-function.mjs): Node's start-up code cache cannot hold a script that calls `import()`.
 */
export function importLowlight(): Promise<typeof Lowlight> {
  return import('lowlight');
}
