import type { Static } from '@sinclair/typebox';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { IdentityProvider, IdentityProviderTestResult } from '../../../src/contracts/identity.contract.js';
import { ApiError, api } from '../api.js';
import { ConfirmDialog, ErrorNote, Field, Loading, Notice, useSubmit } from '../ui.js';

type ProviderT = Static<typeof IdentityProvider>;
type TestedT = Static<typeof IdentityProviderTestResult>;

/** The form: every field as typed; the client secret is write-only (blank keeps the stored one). */
function ProviderForm({ orgId, current }: { orgId: string; current: ProviderT | null }) {
  const qc = useQueryClient();
  const [issuer, setIssuer] = useState(current?.issuer ?? '');
  const [clientId, setClientId] = useState(current?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [domains, setDomains] = useState(current?.domains.join(', ') ?? '');
  const [jit, setJit] = useState(current?.allowJustInTime ?? false);
  const [tested, setTested] = useState<TestedT | null>(null);
  const [saved, setSaved] = useState(false);
  const secret = clientSecret ? { clientSecret } : {};
  const test = useSubmit(async () => {
    setTested(await api<TestedT>('POST', `/orgs/${orgId}/identity-provider/test`, { issuer, clientId, ...secret }));
  });
  const save = useSubmit(async () => {
    const list = domains.split(/[\s,]+/).filter(Boolean);
    const fresh = await api<ProviderT>('PUT', `/orgs/${orgId}/identity-provider`, { issuer, clientId, ...secret, domains: list, allowJustInTime: jit });
    qc.setQueryData(['identity-provider', orgId], fresh);
    setClientSecret('');
    setSaved(true);
  });
  return (
    <form onSubmit={save.onSubmit} aria-labelledby="idp-form-h2">
      <h2 id="idp-form-h2">OpenID Connect provider</h2>
      <Field label="Issuer" value={issuer} onChange={setIssuer} required placeholder="https://login.example.com" hint="The address your provider gives as its issuer; Rolecall finds the rest there." />
      <Field label="Client ID" value={clientId} onChange={setClientId} required />
      <Field
        label="Client secret"
        type="password"
        autoComplete="new-password"
        value={clientSecret}
        onChange={setClientSecret}
        hint={current?.hasClientSecret ? 'A secret is saved. Leave this empty to keep it.' : 'From your provider; it is never shown again.'}
      />
      <Field label="Email domains" value={domains} onChange={setDomains} required placeholder="example.com, example.co.uk" hint="People with these email addresses sign in through this provider." />
      <div className="field">
        <label className="check">
          <input type="checkbox" checked={jit} onChange={(e) => setJit(e.target.checked)} /> Let people of these domains without an account join on first sign-in, with the default role
          set on the Provisioning page
        </label>
      </div>
      <p className="muted">Give your provider this sign-in return address: {location.origin}/api/v1/auth/sso/callback</p>
      {tested && (
        <Notice>
          The provider answered as {tested.issuer}. {tested.endSession ? 'Signing out here also signs people out there.' : 'It offers no sign-out, so people stay signed in there.'}
        </Notice>
      )}
      {saved && <Notice>Saved. People of these domains now sign in through the provider.</Notice>}
      <ErrorNote error={test.error ?? save.error} />
      <div className="actions">
        <button type="button" onClick={test.onSubmit} disabled={test.busy || !issuer || !clientId}>
          {test.busy ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="primary" disabled={save.busy || tested === null}>
          {save.busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

/** The org's "Identity provider" settings: sign-in through the business's own OpenID Connect provider. */
export function IdentityProviderPage({ orgId }: { orgId: string }) {
  const qc = useQueryClient();
  const [removing, setRemoving] = useState(false);
  const q = useQuery({
    queryKey: ['identity-provider', orgId],
    queryFn: () => api<ProviderT>('GET', `/orgs/${orgId}/identity-provider`).catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))),
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorNote error={q.error} />;
  return (
    <section>
      <h1>Identity provider</h1>
      <p>People of your email domains sign in with your company account instead of a Rolecall password. They must exist here first: invited, added, or provisioned.</p>
      <ProviderForm key={q.data?.updatedAt ?? 'new'} orgId={orgId} current={q.data} />
      {q.data && (
        <button type="button" className="danger" onClick={() => setRemoving(true)}>
          Remove the provider
        </button>
      )}
      {removing && (
        <ConfirmDialog
          title="Remove the identity provider?"
          body="People who signed in through it will need a password: they can set one with “Forgot password?”."
          confirmLabel="Remove"
          danger
          needsReason={false}
          onClose={() => setRemoving(false)}
          onConfirm={async () => {
            await api('DELETE', `/orgs/${orgId}/identity-provider`);
            await qc.invalidateQueries({ queryKey: ['identity-provider', orgId] });
          }}
        />
      )}
    </section>
  );
}
