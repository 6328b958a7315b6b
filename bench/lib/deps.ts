/** Service dependencies for in-process scenarios, wired like `createContainer` (no migration). */
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/container.js';
import { createPasswordHasher } from '../../src/lib/passwords.js';
import type { BenchDb } from './databases.js';
import { createAfterReply } from '../../src/lib/after-reply.js';

export function benchDeps(db: BenchDb): Deps {
  return { db: db.db, dialect: db.dialect, config: loadConfig({ DATABASE_URL: db.url }), clock: () => new Date(), passwords: createPasswordHasher(), afterReply: createAfterReply() };
}
