import { PASSWORD_HINT } from '../../../src/domain/password-length.js';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.js';
import { Link } from '../router.js';
import { useMe } from '../session.js';
import type { PageT, SessionT } from '../types.js';
import { ConfirmDialog, ErrorNote, Field, Loading, Notice } from '../ui.js';
import { ChangeEmail } from './ChangeEmail.js';
import { MyDetails } from './MyDetails.js';
import { SecondFactorSection } from './SecondFactorSection.js';
import { SessionsTable } from './team/SessionsPage.js';

/** Any member: who I am, where I have access, my sessions and my password. */
export function Account() {
  const me = useMe();
  const qc = useQueryClient();
  const sessions = useQuery({ queryKey: ['my-sessions'], queryFn: () => api<PageT<SessionT>>('GET', '/me/sessions?limit=50') });
  const [ending, setEnding] = useState<SessionT | null>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [pwError, setPwError] = useState<unknown>(null);
  const [pwDone, setPwDone] = useState(false);
  return (
    <section aria-labelledby="acct-h">
      <h1 id="acct-h">My account</h1>
      <p>
        {me.user.firstName} {me.user.lastName} · {me.user.email}
        {me.user.platformRole && ` · platform ${me.user.platformRole === 'support_admin' ? 'support admin' : 'support agent'}`}
      </p>
      <h2>Second factor</h2>
      <SecondFactorSection />
      <h2>My details</h2>
      <MyDetails />
      <h2>Sign-in email</h2>
      <ChangeEmail />
      <h2>Where I have access</h2>
      {me.memberships.length === 0 ? (
        <p>You are not a member of any organization.</p>
      ) : (
        <ul aria-label="Where I have access">
          {me.memberships.map((m) => (
            <li key={m.org.id}>
              <Link to={`/orgs/${m.org.id}/my-access`}>{m.org.name}</Link>
              {m.status === 'suspended' && ' (suspended)'}
              {m.stores.length > 0 && ` — ${m.stores.map((s) => s.name).join(', ')}`}
            </li>
          ))}
        </ul>
      )}
      <h2>My sessions</h2>
      <ErrorNote error={sessions.error} />
      {sessions.isLoading ? <Loading /> : sessions.data && <SessionsTable sessions={sessions.data.items} onEnd={setEnding} />}
      <h2>Change password</h2>
      {pwDone && <Notice>Password changed. Your other sessions were signed out.</Notice>}
      <form
        className="narrow"
        aria-label="Change password"
        onSubmit={async (e) => {
          e.preventDefault();
          setPwError(null);
          try {
            await api('POST', '/me/password', { currentPassword: current, newPassword: next });
            setPwDone(true);
            setCurrent('');
            setNext('');
          } catch (err) {
            setPwError(err);
          }
        }}
      >
        <Field label="Current password" type="password" autoComplete="current-password" value={current} onChange={setCurrent} required />
        <Field label="New password" type="password" autoComplete="new-password" value={next} onChange={setNext} required hint={PASSWORD_HINT} />
        <ErrorNote error={pwError} />
        <button type="submit">Change password</button>
      </form>
      {ending && (
        <ConfirmDialog
          needsReason={false}
          danger
          title="End this session?"
          confirmLabel="End session"
          body={<p>{ending.current ? 'This is the browser you are using: you will be signed out.' : 'That device is signed out at its next click.'}</p>}
          onClose={() => setEnding(null)}
          onConfirm={async () => {
            await api('DELETE', `/me/sessions/${ending.id}`);
            await qc.invalidateQueries({ queryKey: ['my-sessions'] });
          }}
        />
      )}
    </section>
  );
}
