import { randomBytes } from 'node:crypto';

/** 128 random bits, base64url: 22 characters, safe in paths without escaping. */
export function newShareId(): string {
  return randomBytes(16).toString('base64url');
}

/** Note ids are local handles for the CLI; 64 bits is plenty to avoid collisions in one store. */
export function newNoteId(): string {
  return randomBytes(8).toString('base64url');
}

const SHARE_ID = /^[A-Za-z0-9_-]{22}$/;

/** Rejects malformed ids before they reach the store (cheap 404 for scanners and typos). */
export function isShareId(value: string): boolean {
  return SHARE_ID.test(value);
}
