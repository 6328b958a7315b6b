import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, setCsrfToken } from '../../api.js';
import { Link, navigate, useSearch } from '../../router.js';
import { ErrorNote, Field, Notice, useSubmit } from '../../ui.js';

export function SignIn() {
  const qc = useQueryClient();
  const search = useSearch();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = useSubmit(async () => {
    const r = await api<{ csrfToken: string }>('POST', '/auth/login', { email, password });
    setCsrfToken(r.csrfToken);
    await qc.resetQueries();
    navigate(search.get('next') ?? '/', true);
  });
  return (
    <main className="auth-card">
      <h1>Sign in to Rolecall</h1>
      {search.get('ended') && <Notice>Your session has ended. Sign in again to continue.</Notice>}
      {search.get('reset') && <Notice>Your password is set. Sign in with it now.</Notice>}
      <form onSubmit={submit.onSubmit}>
        <Field label="Email" type="email" name="email" autoComplete="username" value={email} onChange={setEmail} required />
        <Field label="Password" type="password" name="password" autoComplete="current-password" value={password} onChange={setPassword} required />
        <ErrorNote error={submit.error} />
        <button type="submit" className="primary wide" disabled={submit.busy}>
          {submit.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">Forgot password?</Link>
      </p>
    </main>
  );
}
