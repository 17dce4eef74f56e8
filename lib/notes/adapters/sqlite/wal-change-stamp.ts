import { closeSync, openSync, readSync, realpathSync } from 'node:fs';
import type Database from 'better-sqlite3';

/**
 * Whether any connection may have committed to a WAL-mode database since the last look, for the
 * price of one `pread` and no SQLite transaction. Every commit, from this connection or from
 * another process (the publishing CLI), rewrites the wal-index header at the start of the
 * database's `-shm` file: two copies of 48 bytes holding a change counter, the last valid frame,
 * the salts and checksums (https://www.sqlite.org/walformat.html, "The WAL-Index Header"). A
 * header that reads back byte for byte the same has seen no commit in between; any difference,
 * including a read torn by a commit in progress, counts as a change.
 *
 * The file is opened read-only and only closed after the database connection: closing any
 * descriptor of a file drops the process's POSIX locks on it, which SQLite relies on (so close it
 * only when no other connection of this process uses the database).
 *
 * Belt and braces: a header older than MAX_AGE_MS counts as changed too, so a failure this cannot
 * see (the file replaced behind SQLite's back, say) costs at most that much staleness.
 */
const HEADER_BYTES = 96;
const MAX_AGE_MS = 1000;

export class WalChangeStamp {
  private readonly read = Buffer.alloc(HEADER_BYTES);
  private readonly seen = Buffer.alloc(HEADER_BYTES);
  private hasSeen = false;
  private seenAt = 0;

  private constructor(private fd: number | null) {}

  /** A stamp for `db`, or null when it cannot have one (not a file in WAL mode, no `-shm` file). */
  static open(db: Database.Database): WalChangeStamp | null {
    if (db.memory || String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return null;
    try {
      // A read transaction makes SQLite create the -shm file if this connection has not yet.
      db.prepare('SELECT 1').get();
      // SQLite names the -shm file after the database's real path (symbolic links resolved).
      return new WalChangeStamp(openSync(`${realpathSync(db.name)}-shm`, 'r'));
    } catch {
      return null;
    }
  }

  /**
   * Reads the header now. True when it is the one `check` read the last time it returned false
   * (nothing was committed since); false the first time and after any change.
   */
  check(): boolean {
    if (this.fd === null) return false;
    let bytes: number;
    try {
      bytes = readSync(this.fd, this.read, 0, HEADER_BYTES, 0);
    } catch {
      this.hasSeen = false;
      return false;
    }
    const now = performance.now();
    if (bytes === HEADER_BYTES && this.hasSeen && now - this.seenAt <= MAX_AGE_MS && this.read.equals(this.seen)) return true;
    this.read.copy(this.seen);
    this.hasSeen = bytes === HEADER_BYTES;
    this.seenAt = now;
    return false;
  }

  /** After the database connection is closed. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
