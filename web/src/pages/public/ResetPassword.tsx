import { PASSWORD_HINT } from '../../../../src/domain/password-length.js';
import { useState } from 'react';
import { api } from '../../api.js';
import { fragmentParam, Link, navigate } from '../../router.js';
import { ErrorNote, Field, useSubmit } from '../../ui.js';

export function ResetPassword() {
  const [token] = useState(() => fragmentParam('token'));
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const submit = useSubmit(async () => {
    if (password !== repeat) throw new Error('The two passwords differ; type the same password twice.');
    await api('POST', '/auth/password/reset', { token, password });
    navigate('/sign-in?reset=1', true);
  });
  if (!token) {
    return (
      <main className="auth-card">
        <h1>Set a new password</h1>
        <p className="error" role="alert">
          This link is incomplete. Open the link from the email again, or <Link to="/forgot-password">ask for a new one</Link>.
        </p>
      </main>
    );
  }
  return (
    <main className="auth-card">
      <h1>Set a new password</h1>
      <form onSubmit={submit.onSubmit}>
        <Field label="New password" type="password" autoComplete="new-password" value={password} onChange={setPassword} required hint={PASSWORD_HINT} />
        <Field label="Repeat the new password" type="password" autoComplete="new-password" value={repeat} onChange={setRepeat} required />
        <ErrorNote error={submit.error} />
        <button type="submit" className="primary wide" disabled={submit.busy}>
          Set password
        </button>
      </form>
    </main>
  );
}
