import { startRegistration } from '@simplewebauthn/browser';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useState } from 'react';
import { api } from '../api.js';
import { ConfirmDialog, ErrorNote, Field, Loading, Notice, useSubmit } from '../ui.js';

interface FactorStatusT {
  required: 'platform_staff' | 'org_admin' | null;
  restricted: boolean;
  sessionVerified: boolean;
  factors: { id: string; kind: 'totp' | 'passkey'; label: string; createdAt: string; lastUsedAt: string | null }[];
  recoveryCodesLeft: number;
}

const WHY = { platform_staff: 'Platform staff', org_admin: 'Top admins of an organization that requires it' } as const;

/** Recovery codes are shown once, right after they are made. */
function RecoveryCodesNote({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="notice" role="status" aria-label="Recovery codes">
      <p>
        <strong>Save these recovery codes now.</strong> Each signs you in once if you lose your authenticator; they are not shown again.
      </p>
      <ul className="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onDone}>
        I have saved them
      </button>
    </div>
  );
}

/** Authenticator app set-up: the QR code (and the key, for typing), then a code to confirm it. */
function TotpSetup({ onCodes, onCancel }: { onCodes: (codes: string[] | null) => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const start = useQuery({
    queryKey: ['totp-setup'],
    queryFn: async () => {
      const r = await api<{ secret: string; uri: string }>('POST', '/me/second-factor/totp');
      return { ...r, qr: await QRCode.toDataURL(r.uri, { margin: 1, width: 200 }) };
    },
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  const confirm = useSubmit(async () => {
    const r = await api<{ recoveryCodes: string[] | null }>('POST', '/me/second-factor/totp/confirm', { code });
    onCodes(r.recoveryCodes);
  });
  if (start.isLoading) return <Loading />;
  if (!start.data) return <ErrorNote error={start.error} />;
  return (
    <form className="narrow" onSubmit={confirm.onSubmit} aria-label="Set up an authenticator app">
      <p>Scan this QR code with your authenticator app (Google Authenticator, 1Password, Authy …):</p>
      <img src={start.data.qr} alt="QR code for your authenticator app" width={200} height={200} />
      <p>
        Or type this key: <code data-testid="totp-secret">{start.data.secret}</code>
      </p>
      <Field label="Code from the app" name="totp" autoComplete="one-time-code" value={code} onChange={setCode} required />
      <ErrorNote error={confirm.error} />
      <button type="submit" className="primary" disabled={confirm.busy}>
        Confirm
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

/** My account: set up an authenticator app or a passkey, recovery codes, remove factors. */
export function SecondFactorSection() {
  const qc = useQueryClient();
  const status = useQuery({ queryKey: ['second-factor'], queryFn: () => api<FactorStatusT>('GET', '/me/second-factor') });
  const [settingUp, setSettingUp] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [removing, setRemoving] = useState<FactorStatusT['factors'][number] | null>(null);
  const [passkeyName, setPasskeyName] = useState('');
  const refresh = () => qc.invalidateQueries();
  const enrolled = async (recoveryCodes: string[] | null) => {
    setSettingUp(false);
    setCodes(recoveryCodes);
    await refresh();
  };
  const addPasskey = useSubmit(async () => {
    const options = await api<Parameters<typeof startRegistration>[0]['optionsJSON']>('POST', '/me/second-factor/passkeys/options');
    const credential = await startRegistration({ optionsJSON: options });
    const r = await api<{ recoveryCodes: string[] | null }>('POST', '/me/second-factor/passkeys', { credential, ...(passkeyName.trim() ? { name: passkeyName.trim() } : {}) });
    setPasskeyName('');
    await enrolled(r.recoveryCodes);
  });
  const newCodes = useSubmit(async () => setCodes((await api<{ recoveryCodes: string[] }>('POST', '/me/second-factor/recovery-codes')).recoveryCodes));
  if (status.isLoading) return <Loading />;
  const s = status.data;
  if (!s) return <ErrorNote error={status.error} />;
  const hasTotp = s.factors.some((f) => f.kind === 'totp');
  return (
    <div>
      {s.restricted && s.required && !codes && (
        <Notice>
          {WHY[s.required]} must use a second factor. Set up an authenticator app or a passkey to continue; until then this account can do nothing else.
        </Notice>
      )}
      {codes && <RecoveryCodesNote codes={codes} onDone={() => setCodes(null)} />}
      {s.factors.length === 0 ? (
        <p>No second factor yet. With one, signing in needs a code from your phone or a passkey as well as your password.</p>
      ) : (
        <ul aria-label="My second factors">
          {s.factors.map((f) => (
            <li key={f.id}>
              <strong>{f.label}</strong>{f.kind === 'passkey' && ' (passkey)'} · added {new Date(f.createdAt).toLocaleDateString()}
              {f.lastUsedAt && ` · last used ${new Date(f.lastUsedAt).toLocaleString()}`}{' '}
              <button type="button" className="danger" onClick={() => setRemoving(f)} aria-label={`Remove ${f.label}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {s.factors.length > 0 && <p>Recovery codes left: {s.recoveryCodesLeft}</p>}
      {settingUp ? (
        <TotpSetup onCodes={enrolled} onCancel={() => setSettingUp(false)} />
      ) : (
        <p>
          {!hasTotp && (
            <button type="button" onClick={() => setSettingUp(true)}>
              Set up an authenticator app
            </button>
          )}{' '}
          {s.factors.length > 0 && (
            <button type="button" onClick={newCodes.onSubmit} disabled={newCodes.busy}>
              New recovery codes
            </button>
          )}
        </p>
      )}
      <form className="narrow" onSubmit={addPasskey.onSubmit} aria-label="Add a passkey">
        <Field label="Passkey name" name="passkey-name" value={passkeyName} onChange={setPasskeyName} placeholder="Work laptop" />
        <ErrorNote error={addPasskey.error ?? newCodes.error} />
        <button type="submit" disabled={addPasskey.busy}>
          Add a passkey
        </button>
      </form>
      {removing && (
        <ConfirmDialog
          needsReason={false}
          danger
          title={`Remove ${removing.label}?`}
          confirmLabel="Remove"
          body={<p>{s.factors.length === 1 ? 'It is your only second factor: your recovery codes stop working too.' : 'You can still sign in with your other second factor.'}</p>}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await api('DELETE', `/me/second-factor/factors/${removing.id}`);
            await refresh();
          }}
        />
      )}
    </div>
  );
}
