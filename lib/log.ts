/** A tiny structured logger: one JSON object per line on stderr, which SCF's log service indexes. */
type Fields = Record<string, unknown>;

function write(level: 'info' | 'warn' | 'error', message: string, fields: Fields = {}): void {
  const entry: Fields = { time: new Date().toISOString(), level, message, ...fields };
  for (const [key, value] of Object.entries(entry)) {
    if (value instanceof Error) entry[key] = { name: value.name, message: value.message, cause: value.cause instanceof Error ? value.cause.message : undefined };
  }
  process.stderr.write(`${JSON.stringify(entry)}\n`);
}

export const log = {
  info: (message: string, fields?: Fields): void => write('info', message, fields),
  warn: (message: string, fields?: Fields): void => write('warn', message, fields),
  error: (message: string, fields?: Fields): void => write('error', message, fields),
};
