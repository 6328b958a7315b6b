import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id`; the package exports a const enum, which isolated modules cannot read. */
const ARGON2ID = 2;

/**
 * argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane). Hashing runs on
 * libuv's thread pool, off the event loop. Passwords are NFKC-normalised first (NIST 800-63B-4),
 * never truncated or case-folded.
 */
export const ARGON2_PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** True when a stored hash was made with other parameters and should be redone at sign-in. */
  needsRehash(hash: string): boolean;
}

export function createPasswordHasher(params: { memoryCost: number; timeCost: number; parallelism: number } = ARGON2_PARAMS): PasswordHasher {
  const options = { algorithm: ARGON2ID, ...params };
  return {
    hash: (password) => hash(password.normalize('NFKC'), options),
    verify: async (stored, password) => {
      try {
        return await verify(stored, password.normalize('NFKC'));
      } catch {
        return false;
      }
    },
    needsRehash: (stored) => !stored.startsWith(`$argon2id$v=19$m=${params.memoryCost},t=${params.timeCost},p=${params.parallelism}$`),
  };
}
