/**
 * The one way the console talks to the API: same-origin fetch with the session cookie, the
 * CSRF header on every change, and problem+json errors turned into `ApiError`s whose message
 * says what to do next.
 */

import { navigate } from './router.js';

let csrfToken: string | null = null;

/** Remembers the CSRF token from sign-in or `/me`; the cookie itself is HttpOnly. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface Problem {
  code: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  reasons?: string[];
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
}

/**
 * Called when a request answers 401 while this browser had a session (a CSRF token from sign-in
 * or `/me`): the session ended (signed out elsewhere, expired). A 401 while signed out (a public
 * page asking `/me` whether anyone is signed in) ends nothing, so it does not call this.
 */
let onSignedOut: () => void = () => {};
export function onSessionEnded(fn: () => void): void {
  onSignedOut = fn;
}

const SIGN_OUT_REASON = 'rolecall.signOutReason';

/**
 * The API's own words for why this browser's session ended (a newer sign-in elsewhere, under
 * single session), kept for the sign-in page; a plain "sign in first" says nothing and is not.
 */
function rememberSignOutReason(p: Problem): void {
  if (p.detail && p.detail !== p.title) sessionStorage.setItem(SIGN_OUT_REASON, p.detail);
}

/** Why this tab's last session ended, if the API said; it stands until the next sign-in. */
export function signOutReason(): string | null {
  return sessionStorage.getItem(SIGN_OUT_REASON);
}

/** A new session starts: the old one's ending is no longer news. */
export function forgetSignOutReason(): void {
  sessionStorage.removeItem(SIGN_OUT_REASON);
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : { type: 'application/json', text: JSON.stringify(body) });
}

/** A CSV file as the request body (the import upload). */
export function uploadCsv<T>(path: string, csv: Blob): Promise<T> {
  return send<T>('POST', path, { type: 'text/csv', text: csv });
}

async function send<T>(method: string, path: string, body: { type: string; text: string | Blob } | undefined): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = body.type;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`/api/v1${path}`, { method, headers, credentials: 'same-origin', body: body?.text });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const problem = (data && typeof data === 'object' ? data : { code: 'internal_error', title: 'Something went wrong', status: res.status }) as Problem;
    if (res.status === 401 && !path.startsWith('/auth/') && (csrfToken !== null || path === '/me')) rememberSignOutReason(problem);
    if (res.status === 401 && !path.startsWith('/auth/') && csrfToken !== null) onSignedOut();
    // A session that may only set up a second factor: the account page is where that happens.
    if (problem.code === 'second_factor_required' && location.pathname !== '/account') navigate('/account?enrol=1', true);
    throw new ApiError(problem);
  }
  return data as T;
}

/** Query string from the defined, non-empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** A readable message for any thrown value. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) {
    const p = err.problem;
    const parts = [p.detail ?? p.title];
    if (p.errors?.length) parts.push(p.errors.map((e) => `${e.path.replace(/^body\/?/, '')}: ${e.message}`).join('; '));
    return parts.join(' — ');
  }
  return err instanceof Error ? err.message : String(err);
}
