import { useState } from 'react';
import { api } from '../../api.js';
import { fragmentParam, Link, navigate } from '../../router.js';
import { ErrorNote, Field } from '../../ui.js';

export function ResetPassword() {
  const [token] = useState(() => fragmentParam('token'));
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
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
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          if (password !== repeat) return setError(new Error('The two passwords differ; type the same password twice.'));
          try {
            await api('POST', '/auth/password/reset', { token, password });
            navigate('/sign-in?reset=1', true);
          } catch (err) {
            setError(err);
          }
        }}
      >
        <Field label="New password" type="password" autoComplete="new-password" value={password} onChange={setPassword} required hint="At least 12 characters; a passphrase works well." />
        <Field label="Repeat the new password" type="password" autoComplete="new-password" value={repeat} onChange={setRepeat} required />
        <ErrorNote error={error} />
        <button type="submit" className="primary wide">
          Set password
        </button>
      </form>
    </main>
  );
}
