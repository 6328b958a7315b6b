import { DEFAULT_DB_URL } from './store/dialect.js';

/** Everything configurable, read once from the environment (flags override in the CLI). */
export interface Config {
  dbUrl: string;
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

function int(value: string | undefined, fallback: number): number {
  const n = value === undefined || value === '' ? Number.NaN : Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = overrides.port ?? int(env.PORT, 3000);
  const host = overrides.host ?? env.HOST ?? '127.0.0.1';
  const trust = env.TRUST_PROXY;
  return {
    dbUrl: env.DATABASE_URL || DEFAULT_DB_URL,
    host,
    port,
    publicUrl: (env.PUBLIC_URL || `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`).replace(/\/+$/, ''),
    production: env.NODE_ENV === 'production',
    sessionTtlMinutes: int(env.SESSION_TTL_MINUTES, 12 * 60),
    sessionIdleMinutes: int(env.SESSION_IDLE_MINUTES, 60),
    trustProxy: trust === undefined || trust === '' ? false : trust === 'true' ? true : trust,
    logLevel: env.LOG_LEVEL || 'info',
    lockoutThreshold: int(env.LOCKOUT_THRESHOLD, 5),
    lockoutMinutes: int(env.LOCKOUT_MINUTES, 15),
    authRateIpPerMinute: int(env.AUTH_RATE_IP_PER_MINUTE, 30),
    authRateAccountPerMinute: int(env.AUTH_RATE_ACCOUNT_PER_MINUTE, 10),
    resetTtlMinutes: int(env.RESET_TTL_MINUTES, 30),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Rolecall <no-reply@rolecall.invalid>',
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean),
    ...overrides,
  };
}
