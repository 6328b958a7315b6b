import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, qs } from '../../api.js';
import { Link, navigate, useSearch } from '../../router.js';
import type { TroubleshootT } from '../../types.js';
import { ConfirmDialog, Empty, ErrorNote, Field, Loading, Notice, StatusBadge, when } from '../../ui.js';

/** "store_manager" → "Store manager": the troubleshoot answer names roles, never shows keys. */
function roleWords(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Seed 000: "ask for the exact sign-in email, then re-check invite status, role, and store
 * assignments" — done by the product, with the answer to "why can't this user reach store X?".
 */
export function Troubleshoot() {
  const qc = useQueryClient();
  const params = useSearch();
  const email = params.get('email') ?? '';
  const storeId = params.get('storeId') ?? '';
  const [emailInput, setEmail] = useState(email);
  const [storeInput, setStore] = useState(storeId);
  const [statusChange, setStatusChange] = useState<'deactivate' | 'reactivate' | 'reset' | null>(null);
  const [done, setDone] = useState('');
  const q = useQuery({
    queryKey: ['troubleshoot', email, storeId],
    queryFn: () => api<TroubleshootT>('GET', `/support/troubleshoot${qs({ email, storeId })}`),
    enabled: email !== '',
    retry: false,
  });
  const d = q.data;
  const storeChoices = d?.memberships.flatMap((m) => m.stores.map((s) => ({ ...s, org: m.org.name }))) ?? [];
  // The reset is sent through one of their organizations (it goes into that org's history);
  // it emails the person a link, clears a sign-in lock and ends their sessions once used.
  const resetOrg = d?.memberships.find((m) => m.status === 'active') ?? d?.memberships[0];
  return (
    <section aria-labelledby="ts-h">
      <h1 id="ts-h">Troubleshoot by email</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/support/troubleshoot${qs({ email: emailInput.trim(), storeId: storeInput.trim() })}`);
        }}
      >
        <Field label="Exact sign-in email" type="email" value={emailInput} onChange={setEmail} required />
        <Field label="Store ID (optional)" value={storeInput} onChange={setStore} hint="Copy it from the Stores page: “why can’t this user reach this store?”" />
        <button type="submit" className="primary">
          Check
        </button>
      </form>
      <ErrorNote error={q.error} />
      {q.isLoading && <Loading />}
      {!email && <Empty title="Enter the email the person signs in with.">Ask them for it exactly: a typo or a second address is the most common cause.</Empty>}
      {d && (
        <div className="troubleshoot">
          <h2>What to do</h2>
          <ul className="findings">
            {d.findings.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
          {d.store && (
            <section className="answer" aria-labelledby="answer-h">
              <h2 id="answer-h">
                Store {d.store.name} ({d.store.code}) of {d.store.org.name}
              </h2>
              <ul>
                {d.store.explanation.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
              <p>
                <Link to={`/support/orgs/${d.store.org.id}/team${d.user ? `/${d.user.id}` : ''}`}>Open in Access/IAM to fix it</Link>
              </p>
            </section>
          )}
          {d.user && (
            <>
              <h2>Account</h2>
              <dl className="facts">
                <dt>Name</dt>
                <dd>
                  {d.user.firstName} {d.user.lastName}
                </dd>
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={d.user.status} />
                </dd>
                <dt>Sign-in lock</dt>
                <dd>{d.user.locked ? `Locked until ${when(d.user.lockedUntil)}` : `Not locked (${d.user.failedSignIns} recent failures)`}</dd>
                <dt>Last sign-in</dt>
                <dd>{when(d.user.lastSignInAt)}</dd>
                <dt>Live sessions</dt>
                <dd>{d.sessions.length === 0 ? 'none' : d.sessions.map((s) => `${s.kind} from ${s.ip ?? '?'}, last seen ${when(s.lastSeenAt)}`).join('; ')}</dd>
              </dl>
              {done && <Notice>{done}</Notice>}
              <div className="actions left">
                {d.user.status === 'active' && resetOrg && (
                  <button type="button" className="primary" onClick={() => setStatusChange('reset')}>
                    Send password reset
                  </button>
                )}
                {d.user.status === 'active' ? (
                  <button type="button" className="danger" onClick={() => setStatusChange('deactivate')}>
                    Deactivate user (all orgs)
                  </button>
                ) : (
                  <button type="button" onClick={() => setStatusChange('reactivate')}>
                    Reactivate user
                  </button>
                )}
              </div>
              {d.user.status === 'active' && resetOrg && (
                <p className="muted">
                  {d.user.locked ? 'The account is locked: a' : 'A'} password reset {d.user.locked ? 'unlocks it as soon as they set a new password' : 'fixes most sign-in problems'}.
                  Deactivate only for a security case: it blocks every organization.
                </p>
              )}
            </>
          )}
          <h2>Organizations</h2>
          {d.memberships.length === 0 ? (
            <p>Not a member of any organization.</p>
          ) : (
            <ul>
              {d.memberships.map((m) => (
                <li key={m.org.id}>
                  <Link to={`/support/orgs/${m.org.id}/team${d.user ? `/${d.user.id}` : ''}`}>{m.org.name}</Link> <StatusBadge status={m.status} /> —{' '}
                  {m.roles.map((r) => roleWords(r.role)).join(', ')}; stores: {m.stores.map((s) => `${s.name} (${s.code})`).join(', ') || 'all (org-level role)'}
                </li>
              ))}
            </ul>
          )}
          <h2>Invitations</h2>
          {d.invitations.length === 0 ? (
            <p>No invitations for this email.</p>
          ) : (
            <ul>
              {d.invitations.map((i) => (
                <li key={i.id}>
                  {i.org.name}: <StatusBadge status={i.status} /> expires {when(i.expiresAt)} — <Link to={`/support/orgs/${i.org.id}/invitations`}>open invitations</Link>
                </li>
              ))}
            </ul>
          )}
          {storeChoices.length > 0 && !storeId && (
            <p className="muted">
              Check a store:{' '}
              {storeChoices.map((s, i) => (
                <span key={s.id}>
                  {i > 0 && ', '}
                  <Link to={`/support/troubleshoot${qs({ email, storeId: s.id })}`}>
                    {s.name} ({s.code})
                  </Link>
                </span>
              ))}
            </p>
          )}
        </div>
      )}
      {statusChange && d?.user && (
        <ConfirmDialog
          needsReason
          danger={statusChange === 'deactivate'}
          title={statusChange === 'reset' ? `Send a password reset to ${d.user.email}?` : statusChange === 'deactivate' ? `Deactivate ${d.user.email}?` : `Reactivate ${d.user.email}?`}
          confirmLabel={statusChange === 'reset' ? 'Send reset' : statusChange === 'deactivate' ? 'Deactivate' : 'Reactivate'}
          body={
            statusChange === 'reset' ? (
              <p>We email {d.user.email} a link to set a new password. Setting it clears a sign-in lock. You never see the link.</p>
            ) : statusChange === 'deactivate' ? (
              <p>Deactivation signs them out and blocks every org they belong to. Prefer removing them from one org unless this is a security case.</p>
            ) : (
              <p>They can sign in again with their roles as before.</p>
            )
          }
          onClose={() => setStatusChange(null)}
          onConfirm={async (reason) => {
            if (statusChange === 'reset') {
              await api('POST', `/orgs/${resetOrg!.org.id}/members/${d.user!.id}/password-reset`, { reason });
              setDone(`Password reset email sent to ${d.user!.email}.`);
              return;
            }
            setDone('');
            await api('POST', `/users/${d.user!.id}/${statusChange}`, { reason });
            await qc.invalidateQueries({ queryKey: ['troubleshoot'] });
          }}
        />
      )}
    </section>
  );
}
