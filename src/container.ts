import type { Config } from './config.js';
import { type AfterReply, createAfterReply } from './lib/after-reply.js';
import { createPasswordHasher, type PasswordHasher } from './lib/passwords.js';
import type { Db } from './store/database.js';
import { createDb, type DialectName, migrateToLatest } from './store/dialect.js';

/** What services need from the outside world; the one place that wires it together. */
export interface Deps {
  db: Db;
  dialect: DialectName;
  config: Config;
  /** Injectable so tests move time instead of sleeping. */
  clock: () => Date;
  passwords: PasswordHasher;
  /** Work answered before it is done (see lib/after-reply.ts). */
  afterReply: AfterReply;
}

export interface Container extends Deps {
  close(): Promise<void>;
}

export async function createContainer(
  config: Config,
  options: { clock?: () => Date; passwords?: PasswordHasher; migrate?: boolean } = {},
): Promise<Container> {
  const handle = createDb(config.dbUrl, { poolSize: config.dbPoolSize, statementTimeoutMs: config.dbStatementTimeoutMs, connectTimeoutMs: config.dbConnectTimeoutMs });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  const afterReply = createAfterReply();
  return {
    db: handle.db,
    dialect: handle.dialect,
    config,
    clock: options.clock ?? (() => new Date()),
    passwords: options.passwords ?? createPasswordHasher(),
    afterReply,
    close: async () => {
      await afterReply.settled();
      await handle.close();
    },
  };
}
