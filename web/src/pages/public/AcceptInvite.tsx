import { PASSWORD_HINT } from '../../../../src/domain/password-length.js';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.js';
import { fragmentParam, Link, navigate } from '../../router.js';
import type { InvitationPreviewT } from '../../types.js';
import { ErrorNote, Field, Loading, useSubmit } from '../../ui.js';

/** Invitation link `/accept-invite#token=...`: a new user sets name and password (SPEC rule 8). */
export function AcceptInvite() {
  const qc = useQueryClient();
  const [token] = useState(() => fragmentParam('token'));
  const preview = useQuery({ queryKey: ['invite', token], queryFn: () => api<InvitationPreviewT>('GET', `/invitations/${encodeURIComponent(token)}`), enabled: token !== '', retry: false });
  const [firstName, setFirst] = useState('');
  const [lastName, setLast] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const accept = (body: object) => api('POST', `/invitations/${encodeURIComponent(token)}/accept`, body);
  // An existing user joins while signed in; a new one creates the account.
  const join = useSubmit(async () => {
    await accept({});
    await qc.resetQueries();
    navigate('/', true);
  });
  const create = useSubmit(async () => {
    await accept({ firstName, lastName, password });
    setDone(true);
  });
  const p = preview.data;
  return (
    <main className="auth-card">
      <h1>Accept your invitation</h1>
      {!token && <p className="error">This link is incomplete; open the link from the invitation email again.</p>}
      {preview.isLoading && <Loading />}
      <ErrorNote error={preview.error} />
      {p && p.status !== 'pending' && (
        <p className="error" role="alert">
          This invitation is {p.status}. Ask {p.inviterName} at {p.orgName} to send a new one.
        </p>
      )}
      {done && (
        <p role="status">
          You have joined. <Link to="/sign-in">Sign in</Link> with {p?.email}.
        </p>
      )}
      {p && p.status === 'pending' && !done && (
        <>
          <p>
            {p.inviterName} invited <strong>{p.email}</strong> to <strong>{p.orgName}</strong> as{' '}
            {p.roles.map((r) => `${r.roleName}${r.storeNames?.length ? ` (${r.storeNames.join(', ')})` : ''}`).join('; ')}.
          </p>
          {p.userExists ? (
            <>
              <p>You already have an account. Sign in with {p.email}, then open this link again to join.</p>
              <button
                type="button"
                className="primary"
                onClick={join.onSubmit}
                disabled={join.busy}
              >
                Join {p.orgName}
              </button>
              <ErrorNote error={join.error} />
            </>
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
