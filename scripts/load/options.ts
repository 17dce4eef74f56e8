/** Command-line options of scripts/load.ts. */

export const USAGE = `usage: npm run load [-- --duration SECONDS] [--connections N] [--aborts-per-second N] [--port N]
       npm run soak [-- --duration SECONDS] [--sample-every SECONDS] [--warmup SECONDS] [...]

Builds a database of 10,000 published notes, starts the production server on it (building first
if needed) and sends it a crawler's mix of requests; writes docs/reports/LOAD.md. Defaults: load
300 s, soak 1800 s sampling memory every 60 s; 10 connections; 4 aborted requests/s; port 9510.`;

export interface Options {
  mode: 'load' | 'soak';
  duration: number;
  sampleEvery: number;
  warmup: number;
  connections: number;
  abortsPerSecond: number;
  port: number;
}

/** `--soak` plus `--name value` pairs; anything else stops the run with the usage line. */
export function parseOptions(args: string[]): Options {
  const mode = args.includes('--soak') ? 'soak' : 'load';
  const values = new Map<string, number>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--soak') continue;
    const value = Number(args[i + 1]);
    if (!/^--(duration|sample-every|warmup|connections|aborts-per-second|port)$/.test(arg)) throw new Error(`unknown argument "${arg}" (npm run load -- --help)`);
    if (!(value > 0)) throw new Error(`${arg} needs a positive number (got "${args[i + 1] ?? ''}")`);
    values.set(arg.slice(2), value);
    i += 1;
  }
  const duration = values.get('duration') ?? (mode === 'soak' ? 1800 : 300);
  return {
    mode,
    duration,
    sampleEvery: values.get('sample-every') ?? 60,
    // Code gets compiled, caches fill and RSS climbs for about a minute (measured on a fresh server:
    // 188 MB at start, ~255 MB after 60 s, then flat): growth that stops, so not part of the trend.
    warmup: values.get('warmup') ?? Math.max(60, Math.min(300, duration / 6)),
    connections: values.get('connections') ?? 10,
    abortsPerSecond: values.get('aborts-per-second') ?? 4,
    port: values.get('port') ?? 9510,
  };
}
