import type { Static } from '@sinclair/typebox';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { PASSWORD_HINT } from '../../../src/domain/password-length.js';
import type { SignupOffer, SignupPreview } from '../../../src/contracts/signup.contract.js';
import { api } from '../api.js';
import { fragmentParam, Link, navigate } from '../router.js';
import { loadMe } from '../session.js';
import { ErrorNote, Field, Loading, Notice, useSubmit } from '../ui.js';

/** `/signup/:org`: a customer creates their own account with a business that offers it. */
export function SignupPage({ org }: { org: string }) {
  const offer = useQuery({ queryKey: ['signup', org], queryFn: () => api<Static<typeof SignupOffer>>('GET', `/orgs/${encodeURIComponent(org)}/signup`), retry: false });
  const [email, setEmail] = useState('');
  const [firstName, setFirst] = useState('');
  const [lastName, setLast] = useState('');
  const [companyName, setCompany] = useState('');
  const [sent, setSent] = useState(false);
  const submit = useSubmit(async () => {
    await api('POST', `/orgs/${encodeURIComponent(org)}/signup`, { email, firstName, lastName, ...(companyName.trim() ? { companyName } : {}) });
    setSent(true);
  });
  return (
    <main className="auth-card">
      <h1>{offer.data ? `Create your ${offer.data.orgName} account` : 'Create your account'}</h1>
      {offer.isLoading && <Loading />}
      <ErrorNote error={offer.error} />
      {offer.data &&
        (sent ? (
          // The same answer whether or not the address has an account: the email says which.
          <Notice>We have emailed {email}. Open the link in that email to finish. Check spam if it does not arrive in a few minutes.</Notice>
        ) : (
          <form onSubmit={submit.onSubmit}>
            <Field label="Email" type="email" autoComplete="email" value={email} onChange={setEmail} required />
            <Field label="First name" autoComplete="given-name" value={firstName} onChange={setFirst} required />
            <Field label="Last name" autoComplete="family-name" value={lastName} onChange={setLast} required />
            <Field label="Company (optional)" autoComplete="organization" value={companyName} onChange={setCompany} />
            <ErrorNote error={submit.error} />
            <button type="submit" className="primary wide" disabled={submit.busy}>
              Email me a link
            </button>
          </form>
        ))}
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </main>
  );
}

/** `/signup/complete#token=...`: the emailed link; choosing a password creates the account and signs in. */
export function SignupCompletePage() {
  const qc = useQueryClient();
  const [token] = useState(() => fragmentParam('token'));
  const preview = useQuery({
    queryKey: ['signup-token', token],
    queryFn: () => api<Static<typeof SignupPreview>>('GET', `/signups/${encodeURIComponent(token)}`),
    enabled: token !== '',
    retry: false,
  });
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const submit = useSubmit(async () => {
    if (password !== repeat) throw new Error('The two passwords differ; type the same password twice.');
    await api('POST', `/signups/${encodeURIComponent(token)}/complete`, { password });
    const who = await loadMe();
    qc.setQueryData(['me'], who);
    navigate(who ? '/' : '/sign-in', true);
  });
  const p = preview.data;
  return (
    <main className="auth-card">
      <h1>{p ? `Finish your ${p.orgName} account` : 'Finish your account'}</h1>
      {!token && (
        <p className="error" role="alert">
          This link is incomplete. Open the link from the email again.
        </p>
      )}
      {preview.isLoading && <Loading />}
      <ErrorNote error={preview.error} />
      {p && (
        <form onSubmit={submit.onSubmit}>
          <p>
            {p.firstName} {p.lastName}, choose a password for <strong>{p.email}</strong>.
          </p>
          <Field label="Choose a password" type="password" autoComplete="new-password" value={password} onChange={setPassword} required hint={PASSWORD_HINT} />
          <Field label="Repeat the password" type="password" autoComplete="new-password" value={repeat} onChange={setRepeat} required />
          <ErrorNote error={submit.error} />
          <button type="submit" className="primary wide" disabled={submit.busy}>
            Create my account
          </button>
        </form>
      )}
    </main>
  );
}
