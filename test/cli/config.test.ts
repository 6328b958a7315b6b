import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The one-line message loadConfig throws for `env`, or undefined when it accepts it. */
function problem(env: Record<string, string>, flags = {}): string | undefined {
  try {
    loadConfig(env, {}, flags);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
}

describe('loadConfig', () => {
  it('reads defaults from an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', publicUrl: 'http://127.0.0.1:3000', sessionTtlMinutes: 720, trustProxy: false, logLevel: 'info' });
  });

  it('reads good values', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      SESSION_TTL_MINUTES: '90',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'https://team.example.com/',
      ALLOWED_ORIGINS: 'http://localhost:5173/, https://a.example.com',
      DATABASE_URL: 'postgresql://u@db:5432/rc',
    });
    expect(c).toMatchObject({ port: 8080, publicUrl: 'https://team.example.com', sessionTtlMinutes: 90, trustProxy: '10.0.0.0/8, 127.0.0.1', logLevel: 'warn', dbUrl: 'postgresql://u@db:5432/rc' });
    expect(c.allowedOrigins).toEqual(['http://localhost:5173', 'https://a.example.com']);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '4000' }).publicUrl).toBe('http://localhost:4000');
  });

  it('reads the database and shutdown settings, with their defaults', () => {
    expect(loadConfig({})).toMatchObject({ dbPoolSize: 10, dbStatementTimeoutMs: 30_000, dbConnectTimeoutMs: 5_000, shutdownDrainMs: 0 });
    expect(loadConfig({ DB_POOL_SIZE: '25', DB_STATEMENT_TIMEOUT_MS: '1500', DB_CONNECT_TIMEOUT_MS: '250', SHUTDOWN_DRAIN_MS: '10000' })).toMatchObject({
      dbPoolSize: 25,
      dbStatementTimeoutMs: 1500,
      dbConnectTimeoutMs: 250,
      shutdownDrainMs: 10_000,
    });
    // 0 turns a timeout off, and stops at once; a pool of 0 connections could not serve anything.
    expect(loadConfig({ DB_STATEMENT_TIMEOUT_MS: '0', DB_CONNECT_TIMEOUT_MS: '0', SHUTDOWN_DRAIN_MS: '0' })).toMatchObject({ dbStatementTimeoutMs: 0, dbConnectTimeoutMs: 0, shutdownDrainMs: 0 });
    expect(loadConfig({ DB_POOL_SIZE: '', DB_STATEMENT_TIMEOUT_MS: '' })).toMatchObject({ dbPoolSize: 10, dbStatementTimeoutMs: 30_000 });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '' })).toMatchObject({ port: 3000, logLevel: 'info' });
  });

  it('keeps trusted overrides from code and tests', () => {
    const c = loadConfig({}, { port: 0, publicUrl: 'http://rolecall.test', authRateIpPerMinute: 100_000 });
    expect(c).toMatchObject({ port: 0, publicUrl: 'http://rolecall.test', authRateIpPerMinute: 100_000 });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535 (got "abc"). Set PORT=3000 or pass --port.'],
    [{ PORT: '70000' }, /^PORT must be a whole number from 0 to 65535 \(got "70000"\)/],
    // Value.Convert alone would read these as 3, 1 and 1.
    [{ PORT: '3.5' }, /^PORT must/],
    [{ PORT: 'true' }, /^PORT must/],
    [{ PORT: '1e3' }, /^PORT must/],
    [{ SESSION_TTL_MINUTES: 'abc' }, 'SESSION_TTL_MINUTES must be a whole number of minutes, 1 or more (got "abc"). Set SESSION_TTL_MINUTES=720 or leave it unset.'],
    [{ SESSION_IDLE_MINUTES: '0' }, /^SESSION_IDLE_MINUTES must/],
    [{ LOCKOUT_THRESHOLD: 'five' }, /^LOCKOUT_THRESHOLD must/],
    [{ LOCKOUT_MINUTES: '-1' }, /^LOCKOUT_MINUTES must/],
    [{ AUTH_RATE_IP_PER_MINUTE: '10/min' }, /^AUTH_RATE_IP_PER_MINUTE must/],
    [{ AUTH_RATE_ACCOUNT_PER_MINUTE: 'x' }, /^AUTH_RATE_ACCOUNT_PER_MINUTE must/],
    [{ RESET_TTL_MINUTES: '30m' }, /^RESET_TTL_MINUTES must/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)/],
    [{ TRUST_PROXY: 'yes' }, /^TRUST_PROXY must/],
    [{ PUBLIC_URL: 'rolecall.example.com' }, /^PUBLIC_URL must be an http:\/\/ or https:\/\/ URL/],
    [{ DATABASE_URL: 'mysql://db/rc' }, /^DATABASE_URL must be sqlite:PATH or postgres:\/\/user@host:port\/db \(got "mysql:\/\/db\/rc"\)\. Set DATABASE_URL=sqlite:.* or pass --db\.$/],
    [{ SMTP_URL: 'mail.example.com' }, /^SMTP_URL must/],
    [{ MAIL_FROM: 'nobody' }, /^MAIL_FROM must/],
    [{ ALLOWED_ORIGINS: 'localhost:5173' }, /^ALLOWED_ORIGINS must/],
    [{ DB_POOL_SIZE: '0' }, 'DB_POOL_SIZE must be a whole number of connections, 1 or more (got "0"). Set DB_POOL_SIZE=10 or leave it unset.'],
    [{ DB_POOL_SIZE: 'ten' }, /^DB_POOL_SIZE must/],
    [{ DB_STATEMENT_TIMEOUT_MS: '30s' }, 'DB_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds, 0 (no limit) or more (got "30s"). Set DB_STATEMENT_TIMEOUT_MS=30000 or leave it unset.'],
    [{ DB_STATEMENT_TIMEOUT_MS: '-1' }, /^DB_STATEMENT_TIMEOUT_MS must/],
    [{ DB_CONNECT_TIMEOUT_MS: '2.5' }, /^DB_CONNECT_TIMEOUT_MS must be a whole number of milliseconds, 0 \(no limit\) or more \(got "2\.5"\)/],
    [{ SHUTDOWN_DRAIN_MS: 'soon' }, /^SHUTDOWN_DRAIN_MS must be a whole number of milliseconds, 0 \(stop at once\) or more/],
  ])('refuses %o in one line', (env, expected) => {
    const message = problem(env);
    expect(message?.split('\n')).toHaveLength(1);
    if (typeof expected === 'string') expect(message).toBe(expected);
    else expect(message).toMatch(expected);
  });

  it('names every bad setting, one line each', () => {
    expect(problem({ PORT: 'abc', LOG_LEVEL: 'x' })?.split('\n')).toEqual([expect.stringMatching(/^PORT /), expect.stringMatching(/^LOG_LEVEL /)]);
  });

  it('hides a password in a refused URL', () => {
    expect(problem({ DATABASE_URL: 'postgress://app:s3cret@db/rc' })).toContain('"postgress://app:***@db/rc"');
  });

  it('names the flag when the value came from one, and lets a flag win over the variable', () => {
    expect(problem({}, { PORT: 'abc' })).toBe('--port must be a whole number from 0 to 65535 (got "abc"). For example: --port 3000.');
    expect(loadConfig({ PORT: 'abc' }, {}, { PORT: '0' }).port).toBe(0);
  });
});
