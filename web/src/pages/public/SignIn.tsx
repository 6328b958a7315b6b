import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, forgetSignOutReason, setCsrfToken, signOutReason } from '../../api.js';
import { Link, navigate, useSearch } from '../../router.js';
import { useMeQuery } from '../../session.js';
import { ErrorNote, Field, Notice, useSubmit } from '../../ui.js';
import { RETURN_KEY } from './AcceptInvite.js';
import { type SecondFactorChallengeT, SecondStep } from './SecondStep.js';

export function SignIn() {
  const qc = useQueryClient();
  const search = useSearch();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<SecondFactorChallengeT | null>(null);
  // Why the last session ended, in the API's words (e.g. signed in somewhere else): read once
  // the `/me` check has answered, since that answer may be the one that says it.
  const me = useMeQuery();
  const [ended, setEnded] = useState<string | null>(null);
  useEffect(() => {
    if (!me.isFetching) setEnded(signOutReason());
  }, [me.isFetching]);
  const signedIn = async (csrfToken: string) => {
    setCsrfToken(csrfToken);
    forgetSignOutReason();
    await qc.resetQueries();
    // Someone who must use a second factor and has none may only set one up.
    const factor = await api<{ restricted: boolean }>('GET', '/me/second-factor');
    // Signed in to accept an invitation: back to it (its token stays out of the URL's query).
    const back = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    navigate(factor.restricted ? '/account?enrol=1' : search.get('join') && back?.startsWith('/accept-invite#') ? back : (search.get('next') ?? '/'), true);
  };
  const submit = useSubmit(async () => {
    // Email first: people of a domain whose business signs in through its identity provider go there.
    const sso = await api<{ redirectUrl: string } | { password: true }>('POST', '/auth/sso/start', { email });
    if ('redirectUrl' in sso) {
      window.location.assign(sso.redirectUrl);
      return;
    }
    if (!password) throw new Error('Enter your password.');
    const r = await api<{ csrfToken: string } | SecondFactorChallengeT>('POST', '/auth/login', { email, password });
    if ('signInToken' in r) setChallenge(r);
    else await signedIn(r.csrfToken);
  });
  if (challenge) {
    return (
      <main className="auth-card">
        <SecondStep challenge={challenge} onDone={signedIn} onRestart={() => {
            setChallenge(null);
            setPassword('');
          }} />
      </main>
    );
  }
  return (
    <main className="auth-card">
      <h1>Sign in to Rolecall</h1>
      {ended ? <Notice>{ended}</Notice> : search.get('ended') && <Notice>Your session has ended. Sign in again to continue.</Notice>}
      {search.get('reset') && <Notice>Your password is set. Sign in with it now.</Notice>}
      {search.get('join') && <Notice>Sign in to accept your invitation. You will go back to it afterwards.</Notice>}
      {search.get('joined') && <Notice>You have joined. Sign in to continue.</Notice>}
      {search.get('sso_error') && <Notice>{ssoRefusalInWords(search.get('sso_error') ?? '')}</Notice>}
      <form onSubmit={submit.onSubmit}>
        <Field label="Email" type="email" name="email" autoComplete="username" value={email} onChange={setEmail} required />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          hint="Not needed if your business signs you in with its own account: enter your email and continue."
        />
        <ErrorNote error={submit.error} />
        <button type="submit" className="primary wide" disabled={submit.busy}>
          {submit.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">Forgot password?</Link>
      </p>
      {/* The same words for every email: the page never hints whether an account exists. */}
      <p className="muted">
        After several wrong passwords in a row, the account is locked for 15 minutes. To unlock it sooner, use “Forgot password?”: setting a new password from the emailed link
        unlocks it at once.
      </p>
    </main>
  );
}

/** Why a sign-in through the business's identity provider was refused, in words (see sso-callback.ts). */
function ssoRefusalInWords(reason: string): string {
  switch (reason) {
    case 'unverified_email':
      return 'Your identity provider has not confirmed your email address. Confirm it there, then sign in again.';
    case 'unknown_user':
      return 'There is no Rolecall account for you yet. Ask an admin of your business to invite or add you, then sign in again.';
    case 'suspended':
      return 'Your access is suspended. Ask an admin of your business to restore it.';
    case 'other_orgs':
      return 'Your account also belongs to other businesses, so it signs in with its password. Enter your password below.';
    case 'expired':
      return 'That sign-in link was already used or has expired. Enter your email to sign in again.';
    default:
      return 'Your identity provider did not complete the sign-in. Try again, or ask an admin of your business.';
  }
}
