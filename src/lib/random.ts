import { randomFillSync } from 'node:crypto';

// Random bytes drawn from the CSPRNG 4 KiB at a time: one call per ~128 tokens or ~340 ids,
// not one per value. Each call into OpenSSL costs ~10 µs whatever its size (every request
// gets an id; a 100,000-row import spent over a second drawing tokens one by one). Every
// byte is handed out once, so values stay as unpredictable as the generator itself.
const pool = Buffer.alloc(4096);
let at = pool.length;

/** `n` (≤ 4096) fresh random bytes; a view that is valid until the next call. */
export function randomPooled(n: number): Buffer {
  if (at + n > pool.length) {
    randomFillSync(pool);
    at = 0;
  }
  at += n;
  return pool.subarray(at - n, at);
}
