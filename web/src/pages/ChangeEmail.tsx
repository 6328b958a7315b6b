import { useState } from 'react';
import { api } from '../api.js';
import { useMe } from '../session.js';
import { ErrorNote, Field, Notice, useSubmit } from '../ui.js';

/**
 * Changing the sign-in email (`POST /me/email`): nothing changes until the person opens the link
 * sent to the new address, and the old address is told. The answer is the same whether or not
 * the new address already has an account, so the page says only where to look.
 */
export function ChangeEmail() {
  const me = useMe();
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const submit = useSubmit(async () => {
    setSentTo(null);
    await api('POST', '/me/email', { newEmail: newEmail.trim(), currentPassword: password });
    setSentTo(newEmail.trim());
    setNewEmail('');
    setPassword('');
  });
  return (
    <form className="narrow" aria-label="Change sign-in email" onSubmit={submit.onSubmit}>
      <p>
        You sign in as <strong>{me.user.email}</strong>.
      </p>
      {sentTo && (
        <Notice>
          We sent a link to {sentTo}. Open it within 24 hours to finish; until then you keep signing in with your current email.
        </Notice>
      )}
      <Field label="New email" type="email" autoComplete="email" value={newEmail} onChange={setNewEmail} required />
      <Field label="Current password" type="password" autoComplete="current-password" value={password} onChange={setPassword} required />
      <ErrorNote error={submit.error} />
      <button type="submit" disabled={submit.busy || newEmail.trim() === '' || password === ''}>
        {submit.busy ? 'Sending…' : 'Email me a link'}
      </button>
    </form>
  );
}
