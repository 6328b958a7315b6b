import { PASSWORD_HINT } from '../../../../src/domain/password-length.js';
import { useState } from 'react';
import { api } from '../../api.js';
import { fragmentParam, Link } from '../../router.js';
import { ErrorNote, Field, useSubmit } from '../../ui.js';

/** First start: the printed one-time link creates the first platform admin (no default passwords). */
export function Setup() {
  const [token] = useState(() => fragmentParam('token'));
  const [f, setF] = useState({ email: '', firstName: '', lastName: '', password: '' });
  const [done, setDone] = useState(false);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const submit = useSubmit(async () => {
    await api('POST', '/setup', { token, ...f });
    setDone(true);
  });
  return (
    <main className="auth-card">
      <h1>Set up Rolecall</h1>
      {done ? (
        <p role="status">
          The platform admin account is ready. <Link to="/sign-in">Sign in</Link>.
        </p>
      ) : (
        <form onSubmit={submit.onSubmit}>
          <p>Create the first platform admin. This link works once.</p>
          <Field label="Email" type="email" autoComplete="username" value={f.email} onChange={set('email')} required />
          <Field label="First name" value={f.firstName} onChange={set('firstName')} required />
          <Field label="Last name" value={f.lastName} onChange={set('lastName')} required />
          <Field label="Password" type="password" autoComplete="new-password" value={f.password} onChange={set('password')} required hint={PASSWORD_HINT} />
          <ErrorNote error={submit.error} />
          <button type="submit" className="primary wide" disabled={submit.busy}>
            Create admin
          </button>
        </form>
      )}
    </main>
  );
}
