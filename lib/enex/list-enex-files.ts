import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every `.enex` file under `dir`, recursively, in a stable (sorted) order. */
export function listEnexFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return listEnexFiles(full);
      return entry.name.endsWith('.enex') ? [full] : [];
    });
}
