/**
 * Imported first by every CLI, before anything that reads the configuration: an error that
 * escapes (a bad setting, thrown by lib/config.ts as it loads; a file that cannot be read; a
 * refused argument) ends the process with one line on stderr and exit code 1, not a stack trace.
 */
import { basename, extname } from 'node:path';

const name = basename(process.argv[1] ?? 'cli', extname(process.argv[1] ?? ''));

/** The one line for an error: lib/config.ts's message names the variable already. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n').find((line) => line.trim() !== '') ?? 'failed';
  return error instanceof Error && error.name === 'ConfigError' ? first : `${name}: ${first}`;
}

/** Prints `message` (or the error's one line) and ends the process. */
export function exitWith(error: unknown, code = 1): never {
  process.stderr.write(`${typeof error === 'string' ? error : oneLine(error)}\n`);
  process.exit(code);
}

/** True when the arguments ask for help (`--help` or `-h` anywhere). */
export function wantsHelp(args: readonly string[] = process.argv.slice(2)): boolean {
  return args.includes('--help') || args.includes('-h');
}

process.on('uncaughtException', (error) => exitWith(error));
process.on('unhandledRejection', (error) => exitWith(error));
