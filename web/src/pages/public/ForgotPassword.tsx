import { useState } from 'react';
import { api } from '../../api.js';
import { Link } from '../../router.js';
import { ErrorNote, Field, Notice, useSubmit } from '../../ui.js';

export function ForgotPassword() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const submit = useSubmit(async () => {
    await api('POST', '/auth/password/forgot', { email });
    setSent(true);
  });
  return (
    <main className="auth-card">
      <h1>Reset your password</h1>
      {sent ? (
        // The same answer whether or not the account exists (SPEC rule 9).
        <Notice>If an account uses {email}, we have emailed it a link to set a new password. Check spam if it does not arrive in a few minutes.</Notice>
      ) : (
        <form onSubmit={submit.onSubmit}>
          <Field label="Email" type="email" name="email" autoComplete="username" value={email} onChange={setEmail} required />
          <ErrorNote error={submit.error} />
          <button type="submit" className="primary wide" disabled={submit.busy}>
            Email me a reset link
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </main>
  );
}
