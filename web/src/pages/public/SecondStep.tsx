import { startAuthentication } from '@simplewebauthn/browser';
import { useState } from 'react';
import { api } from '../../api.js';
import { Field, ErrorNote, useSubmit } from '../../ui.js';

/** The 202 answer to a right password when the account has a second factor. */
export interface SecondFactorChallengeT {
  status: 'second_factor_required';
  signInToken: string;
  expiresAt: string;
  methods: ('totp' | 'recovery_code' | 'passkey')[];
  // biome-ignore lint/suspicious/noExplicitAny: -- WebAuthn options JSON, passed to @simplewebauthn/browser as it came
  passkeyOptions: any;
}

/**
 * Sign-in, second step: a code from the authenticator app, a recovery code, or a passkey.
 * `onDone` gets the CSRF token of the new session.
 */
export function SecondStep({ challenge, onDone, onRestart }: { challenge: SecondFactorChallengeT; onDone: (csrfToken: string) => Promise<void>; onRestart: () => void }) {
  const [mode, setMode] = useState<'totp' | 'recovery_code'>(challenge.methods.includes('totp') ? 'totp' : 'recovery_code');
  const [code, setCode] = useState('');
  const finish = async (body: Record<string, unknown>) => {
    const r = await api<{ csrfToken: string }>('POST', '/auth/login/second-factor', { signInToken: challenge.signInToken, ...body });
    await onDone(r.csrfToken);
  };
  const submit = useSubmit(() => finish(mode === 'totp' ? { totpCode: code } : { recoveryCode: code }));
  const passkey = useSubmit(async () => finish({ passkey: await startAuthentication({ optionsJSON: challenge.passkeyOptions }) }));
  return (
    <>
      <h1>Confirm it is you</h1>
      <form onSubmit={submit.onSubmit}>
        {mode === 'totp' ? (
          <Field label="Code from your authenticator app" name="totp" autoComplete="one-time-code" value={code} onChange={setCode} required />
        ) : (
          <Field label="Recovery code" name="recovery" autoComplete="off" value={code} onChange={setCode} required hint="One of the codes you saved when you set up your second factor; each works once." />
        )}
        <ErrorNote error={submit.error ?? passkey.error} />
        <button type="submit" className="primary wide" disabled={submit.busy}>
          {submit.busy ? 'Checking…' : 'Verify'}
        </button>
      </form>
      <p>
        {mode === 'totp' && challenge.methods.includes('recovery_code') && (
          <button type="button" className="link" onClick={() => {
              setMode('recovery_code');
              setCode('');
            }}>
            Use a recovery code
          </button>
        )}
        {mode === 'recovery_code' && challenge.methods.includes('totp') && (
          <button type="button" className="link" onClick={() => {
              setMode('totp');
              setCode('');
            }}>
            Use your authenticator app
          </button>
        )}{' '}
        {challenge.methods.includes('passkey') && (
          <button type="button" onClick={passkey.onSubmit} disabled={passkey.busy}>
            Use a passkey
          </button>
        )}{' '}
        <button type="button" className="link" onClick={onRestart}>
          Start again
        </button>
      </p>
    </>
  );
}
