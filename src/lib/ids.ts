import { randomPooled } from './random.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
let lastTime = 0;
let counter = 0;

/**
 * A 26-character, time-ordered, URL-safe id (ULID layout, Crockford base32, lower case).
 * Time order lets audit events and cursors sort by id alone; a per-millisecond counter keeps
 * ids from one process strictly increasing.
 */
export function newId(): string {
  const now = Date.now();
  if (now === lastTime) counter++;
  else {
    lastTime = now;
    counter = 0;
  }
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const seq = counter.toString(32).padStart(4, '0').slice(-4);
  const bytes = randomPooled(12);
  let rand = '';
  for (let i = 0; i < 12; i++) rand += ALPHABET[(bytes[i] ?? 0) % 32];
  return time + seq + rand;
}
