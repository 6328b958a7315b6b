import type { Static } from '@sinclair/typebox';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { EmailChanged } from '../../../src/contracts/email-change.contract.js';
import { api } from '../api.js';
import { fragmentParam, Link } from '../router.js';
import { loadMe } from '../session.js';
import { ErrorNote, Notice, useSubmit } from '../ui.js';

/**
 * `/email-change#token=...`, the link mailed to a new sign-in address. The change applies on a
 * click, never on opening the page: a mail scanner that follows links changes nothing.
 */
export function EmailChangePage() {
  const qc = useQueryClient();
  const [token] = useState(() => fragmentParam('token'));
  const [done, setDone] = useState<Static<typeof EmailChanged> | null>(null);
  const confirm = useSubmit(async () => {
    setDone(await api<Static<typeof EmailChanged>>('POST', `/email-changes/${encodeURIComponent(token)}/confirm`));
    // The session of this browser may have ended (another device asked for the change).
    qc.setQueryData(['me'], await loadMe());
  });
  return (
    <main className="auth-card">
      <h1>Confirm your new sign-in email</h1>
      {!token ? (
        <p className="error" role="alert">
          This link is incomplete. Open the link from the email again.
        </p>
      ) : done ? (
        <>
          <Notice>From now on you sign in with {done.email}. Your other devices were signed out.</Notice>
          <p>
            <Link to="/">Continue</Link>
          </p>
        </>
      ) : (
        <>
          <p>Press the button to make this address the email you sign in with. Until you do, nothing changes.</p>
          <ErrorNote error={confirm.error} />
          <button type="button" className="primary wide" onClick={confirm.onSubmit} disabled={confirm.busy}>
            Confirm my new email
          </button>
        </>
      )}
    </main>
  );
}
