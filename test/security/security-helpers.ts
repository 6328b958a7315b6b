import { connect } from 'node:net';
import type { Deps } from '../../src/container.js';
import type { TestApp } from '../fixtures/test-app.js';

export { login } from '../http/auth/auth-helpers.js';

/**
 * Tables whose rows must not change when a request is refused. The audit log, the mail
 * outbox and the sessions table (last-seen times) may grow or move; everything a change of
 * access, identity or tenancy touches is here.
 */
export const GUARDED = ['orgs', 'stores', 'roles', 'memberships', 'role_assignments', 'overrides', 'users', 'invitations', 'password_resets', 'customers', 'profiles', 'member_customers'] as const;

/** A guarded row without its bookkeeping: a member's "Last seen" moves with any request they make to the org. */
export function withoutLastSeen(table: string, row: Record<string, unknown>): Record<string, unknown> {
  return table === 'memberships' ? { ...row, last_seen_at: undefined } : row;
}

/**
 * The guarded tables as one comparable string, rows in a stable order. `callers`: users whose
 * own lockout counter may move (a wrong current password on their own account is a counted
 * credential attempt); every other user's counter stays guarded, so a cross-org lockout shows.
 */
export async function snapshot(t: TestApp, callers: readonly string[] = []): Promise<string> {
  const parts: Record<string, unknown[]> = {};
  for (const table of GUARDED) {
    const rows = (await t.deps.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    const kept = rows.map((r) => withoutLastSeen(table, table === 'users' && callers.includes(String(r.id)) ? { ...r, failed_sign_ins: undefined, locked_until: undefined } : r));
    parts[table] = kept.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).sort();
  }
  return JSON.stringify(parts);
}

/** The first differing row of two snapshots, for a readable failure. */
export function snapshotDiff(before: string, after: string): string {
  const a = JSON.parse(before) as Record<string, string[]>;
  const b = JSON.parse(after) as Record<string, string[]>;
  for (const table of Object.keys(a)) {
    const gone = a[table]!.filter((r) => !b[table]!.includes(r));
    const added = b[table]!.filter((r) => !a[table]!.includes(r));
    if (gone.length || added.length) return `${table}: -${gone[0] ?? ''} +${added[0] ?? ''}`;
  }
  return '';
}

export interface RawResponse {
  status: number;
  body: any;
}

export interface RawRequest {
  method: string;
  path: string;
  token?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
}

function serialize(host: string, r: RawRequest): Buffer {
  const body = r.body === undefined ? '' : JSON.stringify(r.body);
  const headers: Record<string, string> = { host, connection: 'close', ...r.headers };
  if (r.token) headers.authorization = `Bearer ${r.token}`;
  if (r.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const head = `${r.method} ${r.path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;
  return Buffer.from(head + body);
}

function parse(raw: string): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
  const text = raw.slice(split + 4);
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (e.g. chunked); the status is what the races look at
  }
  return { status, body };
}

/**
 * A start barrier for races: every connection is opened first, each request is written
 * except its last byte, and only then are the last bytes written together, so the server
 * receives the complete requests at the same moment instead of in connection order.
 */
export async function raceRequests(t: Pick<TestApp, 'baseUrl'> & { deps?: Deps }, requests: RawRequest[]): Promise<RawResponse[]> {
  const url = new URL(t.baseUrl);
  const sockets = await Promise.all(
    requests.map(
      () =>
        new Promise<import('node:net').Socket>((resolve, reject) => {
          const s = connect(Number(url.port), url.hostname, () => resolve(s));
          s.setNoDelay(true);
          s.once('error', reject);
        }),
    ),
  );
  const payloads = requests.map((r) => serialize(url.host, r));
  const answers = sockets.map(
    (s) =>
      new Promise<RawResponse>((resolve, reject) => {
        const chunks: Buffer[] = [];
        s.on('data', (c) => chunks.push(c));
        s.once('end', () => resolve(parse(Buffer.concat(chunks).toString('utf8'))));
        s.once('error', reject);
      }),
  );
  // Everything but the final byte: the server has the request line, headers and most of the body.
  await Promise.all(sockets.map((s, i) => new Promise<void>((resolve) => s.write(payloads[i]!.subarray(0, -1), () => resolve()))));
  // Release: the last bytes go out back to back.
  for (const [i, s] of sockets.entries()) s.write(payloads[i]!.subarray(-1));
  const responses = await Promise.all(answers);
  // As `call`: what the server writes after answering is there before the test counts rows.
  await t.deps?.afterReply.settled();
  return responses;
}

/** A response body without the per-request fields, with the given ids replaced by placeholders. */
export function comparable(body: unknown, ids: Record<string, string> = {}): string {
  let text = JSON.stringify(body ?? null, (k, v) => (k === 'requestId' || k === 'instance' ? undefined : v));
  for (const [name, id] of Object.entries(ids)) if (id) text = text.split(id).join(`<${name}>`);
  return text;
}
