import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DEFAULT_DB_URL } from './store/dialect.js';

/** Everything configurable, read once from the environment (flags override in the CLI). */
export interface Config {
  dbUrl: string;
  /** Most PostgreSQL connections one instance opens (DB_POOL_SIZE); SQLite uses one. */
  dbPoolSize: number;
  /** PostgreSQL cancels a statement running longer than this (DB_STATEMENT_TIMEOUT_MS; 0: never). */
  dbStatementTimeoutMs: number;
  /** Opening a PostgreSQL connection fails after this long (DB_CONNECT_TIMEOUT_MS; 0: never). */
  dbConnectTimeoutMs: number;
  /** On SIGTERM, /readyz answers 503 this long before the server stops taking requests (SHUTDOWN_DRAIN_MS). */
  shutdownDrainMs: number;
  host: string;
  port: number;
  /** Links in emails are built from this, never from the request's Host header (Zitadel CVE-2023-49097). */
  publicUrl: string;
  production: boolean;
  /** Absolute lifetime of a session or bearer token. */
  sessionTtlMinutes: number;
  /** A session unused for this long ends. */
  sessionIdleMinutes: number;
  /** Trust X-Forwarded-For from this proxy list (Fastify's trustProxy); off by default (ASVS 15.3.4). */
  trustProxy: string | boolean;
  logLevel: string;
  /** Failed sign-ins that lock an account (SPEC rule 9; LOCKOUT_THRESHOLD). */
  lockoutThreshold: number;
  /** How long a lock lasts (LOCKOUT_MINUTES). */
  lockoutMinutes: number;
  /** Credential requests per minute from one IP, per endpoint (AUTH_RATE_IP_PER_MINUTE). */
  authRateIpPerMinute: number;
  /** Credential requests per minute for one account, per endpoint (AUTH_RATE_ACCOUNT_PER_MINUTE). */
  authRateAccountPerMinute: number;
  /** Lifetime of a password-reset link. */
  resetTtlMinutes: number;
  /** smtp(s)://user:pass@host:port; unset → the development outbox (`GET /api/v1/dev/mail`). */
  smtpUrl: string | undefined;
  /** The From header of every message (MAIL_FROM). */
  mailFrom: string;
  /** Extra origins allowed to make cookie-authenticated changes (ALLOWED_ORIGINS, comma-separated), e.g. a dev console. */
  allowedOrigins: string[];
}

/** A setting that cannot be used. The message is one line per problem, naming the setting and what to do. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// `hint` completes "X must be …", `example` is the value suggested in the message, `flag` the
// CLI option that sets the same thing. TypeBox keeps unknown keywords on the schema.
const count = (example: number, what: string) => Type.Integer({ minimum: 1, hint: `a whole number of ${what}, 1 or more`, example: String(example) });
const millis = (example: number, zero: string) => Type.Integer({ minimum: 0, hint: `a whole number of milliseconds, 0 (${zero}) or more`, example: String(example) });
const HTTP_URL = 'https?://[^\\s/?#,]+';
const PROXY = '(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(/[0-9]{1,3})?)';

/** The environment variables Rolecall reads, as one schema; unset and empty mean "the default". */
const Env = Type.Object({
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^(sqlite:.+|postgres(ql)?://.+)$', hint: 'sqlite:PATH or postgres://user@host:port/db', example: DEFAULT_DB_URL, flag: '--db' })),
  DB_POOL_SIZE: Type.Optional(count(10, 'connections')),
  DB_STATEMENT_TIMEOUT_MS: Type.Optional(millis(30000, 'no limit')),
  DB_CONNECT_TIMEOUT_MS: Type.Optional(millis(5000, 'no limit')),
  SHUTDOWN_DRAIN_MS: Type.Optional(millis(5000, 'stop at once')),
  HOST: Type.Optional(Type.String({ pattern: '^\\S+$', hint: 'an address to listen on, such as 127.0.0.1 or 0.0.0.0', example: '127.0.0.1', flag: '--host' })),
  PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, hint: 'a whole number from 0 to 65535', example: '3000', flag: '--port' })),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: `^${HTTP_URL}(/\\S*)?$`, hint: 'an http:// or https:// URL', example: 'https://rolecall.example.com' })),
  NODE_ENV: Type.Optional(Type.String()),
  SESSION_TTL_MINUTES: Type.Optional(count(720, 'minutes')),
  SESSION_IDLE_MINUTES: Type.Optional(count(60, 'minutes')),
  TRUST_PROXY: Type.Optional(
    Type.Union([Type.Boolean(), Type.String({ pattern: `^${PROXY}(\\s*,\\s*${PROXY})*$` })], {
      hint: 'true, false, or a comma-separated list of proxy IP addresses or CIDR ranges',
      example: '127.0.0.1',
    }),
  ),
  LOG_LEVEL: Type.Optional(Type.Union(LOG_LEVELS.map((l) => Type.Literal(l)), { hint: `one of ${LOG_LEVELS.join(', ')}`, example: 'info' })),
  LOCKOUT_THRESHOLD: Type.Optional(count(5, 'failed sign-ins')),
  LOCKOUT_MINUTES: Type.Optional(count(15, 'minutes')),
  AUTH_RATE_IP_PER_MINUTE: Type.Optional(count(30, 'requests')),
  AUTH_RATE_ACCOUNT_PER_MINUTE: Type.Optional(count(10, 'requests')),
  RESET_TTL_MINUTES: Type.Optional(count(30, 'minutes')),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://\\S+$', hint: 'an smtp:// or smtps:// URL', example: 'smtp://user:password@mail.example.com:587' })),
  MAIL_FROM: Type.Optional(Type.String({ pattern: '@', hint: 'an address such as "Rolecall <no-reply@example.com>"', example: '"Rolecall <no-reply@example.com>"' })),
  ALLOWED_ORIGINS: Type.Optional(Type.String({ pattern: `^${HTTP_URL}/?(\\s*,\\s*${HTTP_URL}/?)*\\s*,?$`, hint: 'a comma-separated list of http:// or https:// origins', example: 'http://localhost:5173' })),
});
type Env = Static<typeof Env>;
type EnvName = keyof Env;

/** Settings given as CLI flags, by the variable they stand for (`--port` → PORT). */
export type ConfigFlags = Partial<Record<'DATABASE_URL' | 'HOST' | 'PORT', string | undefined>>;

/**
 * Reads the environment strictly: TypeBox's Value.Convert would read "3.5" as 3 and "true" as
 * 1, silently. Here only digits become a number and only true/false a boolean; anything else
 * stays text, and the schema refuses it.
 */
function fromText(schema: TSchema, raw: string): unknown {
  if (schema.type === 'string') return raw;
  if (/^[0-9]+$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

/** A value as shown back in a message, with any URL password hidden. */
function shown(raw: string): string {
  return JSON.stringify(raw.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/, '$1***@'));
}

function problem(name: EnvName, raw: string, fromFlag: boolean): string {
  const s = Env.properties[name] as TSchema;
  const what = `must be ${s.hint} (got ${shown(raw)}).`;
  if (fromFlag) return `${s.flag} ${what} For example: ${s.flag} ${s.example}.`;
  return `${name} ${what} Set ${name}=${s.example}${s.flag ? ` or pass ${s.flag}` : ' or leave it unset'}.`;
}

/** The address a person on this machine opens: a wildcard bind is reached via localhost. */
export function localUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/**
 * Checks and reads the configuration. `flags` (CLI options) win over `env`; `overrides` are
 * trusted values from code and tests. Throws a ConfigError naming every unusable setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}, flags: ConfigFlags = {}): Config {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(Env.properties) as EnvName[]) {
    const value = flags[name as keyof ConfigFlags] ?? env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const input = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, fromText(Env.properties[k as EnvName] as TSchema, v)]));
  if (!Value.Check(Env, input)) {
    // One error per setting: a union reports each branch it tried.
    const names = new Set([...Value.Errors(Env, input)].map((e) => e.path.split('/')[1] as EnvName));
    throw new ConfigError([...names].map((n) => problem(n, raw[n] ?? '', flags[n as keyof ConfigFlags] !== undefined)).join('\n'));
  }
  const e: Env = input;
  const host = overrides.host ?? e.HOST ?? '127.0.0.1';
  const port = overrides.port ?? e.PORT ?? 3000;
  return {
    dbUrl: e.DATABASE_URL ?? DEFAULT_DB_URL,
    dbPoolSize: e.DB_POOL_SIZE ?? 10,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS ?? 30_000,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS ?? 5_000,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS ?? 0,
    host,
    port,
    publicUrl: (e.PUBLIC_URL ?? localUrl(host, port)).replace(/\/+$/, ''),
    production: e.NODE_ENV === 'production',
    sessionTtlMinutes: e.SESSION_TTL_MINUTES ?? 12 * 60,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES ?? 60,
    trustProxy: e.TRUST_PROXY ?? false,
    logLevel: e.LOG_LEVEL ?? 'info',
    lockoutThreshold: e.LOCKOUT_THRESHOLD ?? 5,
    lockoutMinutes: e.LOCKOUT_MINUTES ?? 15,
    authRateIpPerMinute: e.AUTH_RATE_IP_PER_MINUTE ?? 30,
    authRateAccountPerMinute: e.AUTH_RATE_ACCOUNT_PER_MINUTE ?? 10,
    resetTtlMinutes: e.RESET_TTL_MINUTES ?? 30,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? 'Rolecall <no-reply@rolecall.invalid>',
    allowedOrigins: (e.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter(Boolean),
    ...overrides,
  };
}
