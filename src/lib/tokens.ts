import { createHash } from 'node:crypto';
import { randomPooled } from './random.js';

/** 256 bits from the CSPRNG, base64url: session tokens, reset and invitation tokens. */
export function newToken(): string {
  return randomPooled(32).toString('base64url');
}

/** Tokens are stored as sha256 only, so a database leak does not leak live credentials. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
