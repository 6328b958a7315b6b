import { describe, expect, it } from 'vitest';
import { explainError } from '../../src/cli/explain-error.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { AppError } from '../../src/contracts/errors.js';

const sqlite = loadConfig({}, { dbUrl: 'sqlite:/data/rc.db', port: 3000 });
const pg = loadConfig({}, { dbUrl: 'postgres://app:secret@db.internal:5433/rolecall' });
const sysError = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`raw ${code}`), { code, ...extra });

describe('explainError', () => {
  it.each([
    [new ConfigError('PORT must be …'), sqlite, 'PORT must be …'],
    [new AppError('weak_password', 'Use at least 15 characters.'), sqlite, 'Error (weak_password): Use at least 15 characters.'],
    [sysError('EADDRINUSE', { syscall: 'listen' }), sqlite, 'Port 3000 is already in use on 127.0.0.1. Stop the other process or start with --port 3001 (or PORT=3001).'],
    [sysError('ECONNREFUSED', { syscall: 'connect' }), pg, 'Cannot reach PostgreSQL at db.internal:5433 (connection refused). Check DATABASE_URL and that the server is running.'],
    [sysError('ENOTFOUND', { syscall: 'getaddrinfo', hostname: 'db.internal' }), pg, 'Cannot reach PostgreSQL at db.internal:5433 (unknown host). Check DATABASE_URL and that the server is running.'],
    [sysError('3D000'), pg, 'PostgreSQL at db.internal:5433 has no database "rolecall". Create it (createdb rolecall) or fix DATABASE_URL.'],
    [sysError('SQLITE_NOTADB'), sqlite, 'Cannot open the SQLite database /data/rc.db (the file is not a SQLite database). Check DATABASE_URL (or --db).'],
    // Unknown failures: the message alone, never a stack; an AggregateError has no message.
    [new Error('something odd'), sqlite, 'something odd'],
    [Object.assign(new AggregateError([]), { code: 'ECONNREFUSED' }), undefined, 'ECONNREFUSED'],
  ])('%s', (err, config, line) => {
    expect(explainError(err, config)).toBe(line);
  });
});
