import { createHash, randomBytes } from 'node:crypto';

/**
 * `bytes` random bytes as base64url, drawn again while the id starts with `-`: such an id reads as
 * an option on a command line (`notes unpublish -x…`). Ids made before this rule still resolve.
 */
function randomId(bytes: number): string {
  for (;;) {
    const id = randomBytes(bytes).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** 128 random bits, base64url: 22 characters, safe in paths without escaping, never starting with `-`. */
export function newShareId(): string {
  return randomId(16);
}

/**
 * A share id that is a function of `seed` (the demo notes: the same on every instance). Not secret:
 * anyone with the seed can compute it, so only for notes that are public anyway.
 */
export function derivedShareId(seed: string): string {
  for (let round = 0; ; round += 1) {
    const id = createHash('sha256').update(`${seed}\0${round}`).digest().subarray(0, 16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Note ids are local handles for the CLI; 64 bits is plenty to avoid collisions in one store. */
export function newNoteId(): string {
  return randomId(8);
}

const SHARE_ID = /^[A-Za-z0-9_-]{22}$/;

/** Rejects malformed ids before they reach the store (cheap 404 for scanners and typos). */
export function isShareId(value: string): boolean {
  return SHARE_ID.test(value);
}
