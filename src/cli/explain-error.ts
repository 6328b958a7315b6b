import { type Config, ConfigError } from '../config.js';
import { AppError } from '../contracts/errors.js';

/** What Node, pg and better-sqlite3 attach to their errors. */
interface SystemError {
  code?: string;
  syscall?: string;
  hostname?: string;
  message?: string;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'the host name could not be looked up',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'the connection was reset',
};

const SQLITE_REASONS: Record<string, string> = {
  SQLITE_CANTOPEN: 'it may be a folder, or its folder is not writable',
  SQLITE_NOTADB: 'the file is not a SQLite database',
  SQLITE_READONLY: 'the file is read-only',
  SQLITE_PERM: 'permission denied',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  EEXIST: 'a file stands where its folder should be',
  ENOTDIR: 'a file stands where its folder should be',
};

function postgresTarget(dbUrl: string): { host: string; port: string; database: string } {
  try {
    const u = new URL(dbUrl);
    return { host: u.hostname || 'localhost', port: u.port || '5432', database: decodeURIComponent(u.pathname.slice(1)) };
  } catch {
    return { host: 'localhost', port: '5432', database: '' };
  }
}

/**
 * Turns a failure into one plain line that says what to do, never a stack trace. `config` is
 * the configuration the command ran with, when it got that far.
 */
export function explainError(err: unknown, config: Config | undefined): string {
  if (err instanceof ConfigError) return err.message;
  if (err instanceof AppError) return `Error (${err.code}): ${err.message}`;
  const e = (typeof err === 'object' && err !== null ? err : {}) as SystemError;
  const code = e.code ?? '';
  if (config && e.syscall === 'listen') {
    const { host, port } = config;
    const next = port === 65535 ? 3000 : port + 1;
    if (code === 'EADDRINUSE') return `Port ${port} is already in use on ${host}. Stop the other process or start with --port ${next} (or PORT=${next}).`;
    if (code === 'EACCES') return `Port ${port} on ${host} needs administrator rights. Start with --port 3000 (or PORT=3000): ports above 1023 need none.`;
    if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine. Start with --host 127.0.0.1 (or HOST=127.0.0.1), or 0.0.0.0 for every interface.`;
  }
  if (config?.dbUrl.startsWith('postgres')) {
    const { host, port, database } = postgresTarget(config.dbUrl);
    const reason = NETWORK_REASONS[code];
    if (reason && (e.syscall !== 'getaddrinfo' || e.hostname === host)) return `Cannot reach PostgreSQL at ${host}:${port} (${reason}). Check DATABASE_URL and that the server is running.`;
    // SQLSTATE codes: invalid password / authorization, unknown database.
    if (code === '28P01' || code === '28000') return `PostgreSQL at ${host}:${port} refused the user or password in DATABASE_URL (${e.message}).`;
    if (code === '3D000') return `PostgreSQL at ${host}:${port} has no database "${database}". Create it (createdb ${database}) or fix DATABASE_URL.`;
  }
  if (config && e.syscall === 'getaddrinfo' && e.hostname === config.host) return `Cannot resolve the host name "${config.host}" to listen on. Start with --host 127.0.0.1 (or HOST=127.0.0.1).`;
  if (config?.dbUrl.startsWith('sqlite:') && SQLITE_REASONS[code]) {
    return `Cannot open the SQLite database ${config.dbUrl.slice('sqlite:'.length)} (${SQLITE_REASONS[code]}). Check DATABASE_URL (or --db).`;
  }
  // Anything else: still its message alone. An AggregateError (several addresses tried) has none.
  if (err instanceof Error) return err.message || code || err.name;
  return String(err);
}
