import { PASSWORD_HINT } from '../../../../src/domain/password-length.js';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, setCsrfToken } from '../../api.js';
import { fragmentParam, Link, navigate } from '../../router.js';
import { loadMe, useMeQuery } from '../../session.js';
import type { InvitationPreviewT } from '../../types.js';
import { ErrorNote, Field, Loading, useSubmit } from '../../ui.js';

/** Where sign-in sends a person back to after they signed in to accept an invitation. */
export const RETURN_KEY = 'rolecall.afterSignIn';

const sameEmail = (a: string, b: string) => a.trim().normalize('NFKC').toLowerCase() === b.trim().normalize('NFKC').toLowerCase();

/** Invitation link `/accept-invite#token=...`: a new user sets name and password (SPEC rule 8). */
export function AcceptInvite() {
  const qc = useQueryClient();
  const [token] = useState(() => fragmentParam('token'));
  const preview = useQuery({ queryKey: ['invite', token], queryFn: () => api<InvitationPreviewT>('GET', `/invitations/${encodeURIComponent(token)}`), enabled: token !== '', retry: false });
  // Who is signed in, if anyone: a failed lookup (signed out) leaves the invitation alone.
  const me = useMeQuery();
  const [firstName, setFirst] = useState('');
  const [lastName, setLast] = useState('');
  const [password, setPassword] = useState('');
  const accept = (body: object) => api('POST', `/invitations/${encodeURIComponent(token)}/accept`, body);
  /** After accepting: the person is signed in (or was already) and goes home; else to sign-in. */
  const arrive = async () => {
    const who = await loadMe();
    qc.setQueryData(['me'], who);
    navigate(who ? '/' : '/sign-in?joined=1', true);
  };
  const join = useSubmit(async () => {
    await accept({});
    await arrive();
  });
  const create = useSubmit(async () => {
    await accept({ firstName, lastName, password });
    await arrive();
  });
  const signOut = useSubmit(async () => {
    await api('POST', '/auth/logout').catch(() => {});
    setCsrfToken(null);
    qc.setQueryData(['me'], null);
  });
  const signInToJoin = () => {
    sessionStorage.setItem(RETURN_KEY, `/accept-invite#token=${encodeURIComponent(token)}`);
    navigate('/sign-in?join=1');
  };
  const p = preview.data;
  // The names the inviter typed start the form (the person may correct them).
  useEffect(() => {
    if (!p) return;
    setFirst((v) => v || (p.firstName ?? ''));
    setLast((v) => v || (p.lastName ?? ''));
  }, [p]);
  const who = me.data ?? null;
  const roles = p?.roles.map((r) => `${r.roleName}${r.storeNames?.length ? ` (${r.storeNames.join(', ')})` : ''}`).join('; ');
  return (
    <main className="auth-card">
      <h1>Accept your invitation</h1>
      {!token && (
        <p className="error" role="alert">
          This link is incomplete. Open the link from the invitation email again.
        </p>
      )}
      {token && (preview.isLoading || (p && me.isLoading)) && <Loading />}
      <ErrorNote error={preview.error} />
      {p && !me.isLoading && p.status === 'accepted' && (
        <p role="status">
          This invitation has already been used.{' '}
          {who && sameEmail(who.user.email, p.email) ? <Link to="/">Go to your home page</Link> : <>Sign in with {p.email} to continue.</>}
          {!who && (
            <>
              {' '}
              <Link to="/sign-in">Sign in</Link>
            </>
          )}
        </p>
      )}
      {p && !me.isLoading && (p.status === 'expired' || p.status === 'cancelled') && (
        <p className="error" role="alert">
          {p.status === 'expired' ? 'This invitation has expired.' : 'This invitation was cancelled.'} Ask {p.inviterName} at {p.orgName} to send you a new one.
        </p>
      )}
      {p && !me.isLoading && p.status === 'pending' && (
        <>
          <p>
            {p.inviterName} invited <strong>{p.email}</strong> to <strong>{p.orgName}</strong> as {roles}.
          </p>
          {who && !sameEmail(who.user.email, p.email) ? (
            <>
              <p className="error" role="alert">
                You are signed in as {who.user.email}, but this invitation is for {p.email}. Sign out, then accept it as {p.email}.
              </p>
              <button type="button" className="primary" onClick={signOut.onSubmit} disabled={signOut.busy}>
                Sign out
              </button>
              <ErrorNote error={signOut.error} />
            </>
          ) : p.userExists ? (
            who ? (
              <>
                <button type="button" className="primary" onClick={join.onSubmit} disabled={join.busy}>
                  Join {p.orgName}
                </button>
                <ErrorNote error={join.error} />
              </>
            ) : (
              <>
                <p>You already have an account. Sign in with {p.email}; you will come back here to join.</p>
                <button type="button" className="primary" onClick={signInToJoin}>
                  Sign in to join
                </button>
              </>
            )
          ) : (
            <form onSubmit={create.onSubmit}>
              <Field label="First name" autoComplete="given-name" value={firstName} onChange={setFirst} required />
              <Field label="Last name" autoComplete="family-name" value={lastName} onChange={setLast} required />
              <Field label="Choose a password" type="password" autoComplete="new-password" value={password} onChange={setPassword} required hint={PASSWORD_HINT} />
              <ErrorNote error={create.error} />
              <button type="submit" className="primary wide" disabled={create.busy}>
                Create my account
              </button>
            </form>
          )}
        </>
      )}
    </main>
  );
}
