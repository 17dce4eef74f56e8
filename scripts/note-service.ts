/**
 * The reference note service: the JSON API of openapi/note-service.yaml over the embedded SQLite
 * store, so the production adapter (NOTE_STORE=http) can run against real data locally.
 *   npm run note-service                      # http://127.0.0.1:4000
 *   NOTE_SERVICE_PORT=4100 npm run note-service -- --host 0.0.0.0
 * It requires NOTE_SERVICE_TOKEN as a bearer token when that is set (the same token the adapter sends).
 */
import { exitWith, wantsHelp } from './cli-errors';
import { parseArgs } from 'node:util';
import { config } from '../lib/config';
import { log } from '../lib/log';
import { openEmbeddedStore } from '../lib/notes/get-note-store';
import { startNoteService } from '../lib/notes/note-service/start-note-service';

/**
 * NOTE_SERVICE_PORT is read here rather than in lib/config.ts: it configures this development
 * tool, not the function, and the function must not fail start-up over it.
 */
function portFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 4000;
  const port = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    process.stderr.write(`Invalid configuration: NOTE_SERVICE_PORT must be a port number (got "${value}")\n`);
    process.exit(1);
  }
  return port;
}

const USAGE = `usage: npm run note-service [-- --host HOST]

The reference note service (openapi/note-service.yaml) over the embedded store (NOTES_DB_PATH),
on NOTE_SERVICE_PORT (default 4000) of --host (default 127.0.0.1). Requires NOTE_SERVICE_TOKEN as
a bearer token when that is set.`;

async function main(): Promise<void> {
  if (wantsHelp()) {
    console.log(USAGE);
    return;
  }
  const { values } = parseArgs({ options: { host: { type: 'string', default: '127.0.0.1' } } });
  const port = portFromEnv(process.env.NOTE_SERVICE_PORT);
  const { store } = await openEmbeddedStore(config);
  const service = await startNoteService({ store, port, host: values.host, token: config.noteServiceToken });
  log.info('note service listening', { url: service.url, dbPath: config.dbPath, auth: config.noteServiceToken ? 'bearer' : 'none' });
  const stop = (): void => {
    void service.close().finally(() => {
      store.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => exitWith(error));
