import type { Config } from './config.js';
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
}

export interface Container extends Deps {
  close(): Promise<void>;
}

export async function createContainer(
  config: Config,
  options: { clock?: () => Date; passwords?: PasswordHasher; migrate?: boolean } = {},
): Promise<Container> {
  const handle = createDb(config.dbUrl);
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    db: handle.db,
    dialect: handle.dialect,
    config,
    clock: options.clock ?? (() => new Date()),
    passwords: options.passwords ?? createPasswordHasher(),
    close: handle.close,
  };
}
