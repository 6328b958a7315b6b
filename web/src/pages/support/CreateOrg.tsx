import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { PRESETS } from '../../../../src/domain/presets/index.js';
import type { PresetKey } from '../../../../src/domain/types.js';
import { api } from '../../api.js';
import { useRoles } from '../../org-data.js';
import { Link } from '../../router.js';
import type { OrgT, StoreT } from '../../types.js';
import { ErrorNote, Field, Notice, Select, useSubmit } from '../../ui.js';
import { InviteDialog } from '../team/InviteDialog.js';

/** Step 2: stores are added one by one; a merchant with one shop adds one. */
function AddStores({ org, reason, stores, onAdded }: { org: OrgT; reason: string; stores: StoreT[]; onAdded: (s: StoreT) => void }) {
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [address, setAddress] = useState('');
  const submit = useSubmit(async () => {
    const s = await api<StoreT>('POST', `/orgs/${org.id}/stores`, { name: name.trim(), code: code.trim(), ...(address.trim() ? { address: address.trim() } : {}), reason });
    onAdded(s);
    setName('');
    setCode('');
    setAddress('');
  });
  return (
    <>
      {stores.length > 0 && (
        <ul>
          {stores.map((s) => (
            <li key={s.id}>
              {s.name} ({s.code}){s.address ? ` — ${s.address}` : ''}
            </li>
          ))}
        </ul>
      )}
      <form
        className="filters"
        onSubmit={submit.onSubmit}
      >
        <Field label="Store name" value={name} onChange={setName} required />
        <Field label="Store code" value={code} onChange={setCode} required hint="Letters, digits, . _ - (e.g. S1 or BERLIN-01); unique in the org." />
        <Field label="Address (optional)" value={address} onChange={setAddress} />
        <button type="submit" disabled={submit.busy || !name.trim() || !code.trim()}>
          {submit.busy ? 'Adding…' : stores.length ? 'Add another store' : 'Add store'}
        </button>
      </form>
      <ErrorNote error={submit.error} />
    </>
  );
}

/** Step 3: the first person given the top admin role becomes the account owner (src/services/users.ts). */
function InviteOwner({ org }: { org: OrgT }) {
  const roles = useRoles(org.id);
  const [open, setOpen] = useState(false);
  const top = roles.data?.filter((r) => r.topAdmin).sort((a, b) => b.rank - a.rank)[0];
  return (
    <>
      <p>
        Invite the merchant’s owner with the <strong>{top?.name ?? 'top admin'}</strong> role. When they accept, they become the account owner and can invite their own team.
      </p>
      <button type="button" className="primary" disabled={!top} onClick={() => setOpen(true)}>
        Invite the owner
      </button>
      {open && top && <InviteDialog ws={{ orgId: org.id, base: `/support/orgs/${org.id}`, support: true }} initial={{ email: '', role: top.key, storeIds: [] }} onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * Platform staff onboard a merchant: create the organization (preset and billing level), add
 * its stores, invite its owner. Each step is a separate API call, so a half-finished onboarding
 * is still a valid org that support can finish later from its profile.
 */
export function CreateOrg() {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [preset, setPreset] = useState<PresetKey>('pos');
  const [billingLevel, setBilling] = useState<'store' | 'org'>('store');
  const [reason, setReason] = useState('');
  const [org, setOrg] = useState<OrgT | null>(null);
  const [stores, setStores] = useState<StoreT[]>([]);
  const submit = useSubmit(async () => {
    const created = await api<OrgT>('POST', '/orgs', { name: name.trim(), preset, billingLevel, reason: reason.trim() });
    await qc.invalidateQueries({ queryKey: ['support-orgs'] });
    setOrg(created);
  });
  return (
    <section aria-labelledby="new-org-h">
      <p>
        <Link to="/support/orgs">← Organizations</Link>
      </p>
      <h1 id="new-org-h">Create organization</h1>
      <ol className="org-steps">
        <li>
          <h2>1. The organization</h2>
          {org ? (
            <Notice>
              Organization “{org.name}” created ({PRESETS[org.preset as PresetKey]?.name ?? org.preset}, billed per {org.settings.billingLevel}).
            </Notice>
          ) : (
            <form onSubmit={submit.onSubmit}>
              <Field label="Organization name" value={name} onChange={setName} required hint="The merchant’s business name, as their team knows it." />
              <Select
                label="Product (role preset)"
                value={preset}
                onChange={(v) => setPreset(v as PresetKey)}
                options={Object.values(PRESETS).map((p) => ({ value: p.key, label: p.name }))}
              />
              <p className="hint">{PRESETS[preset].description}</p>
              <Select
                label="Billing level"
                value={billingLevel}
                onChange={(v) => setBilling(v as 'store' | 'org')}
                options={[
                  { value: 'store', label: 'Per store (each store billed on its own)' },
                  { value: 'org', label: 'Per organization (one bill)' },
                ]}
              />
              <Field
                label="Ticket or contract reference"
                value={reason}
                onChange={setReason}
                required
                hint="Goes into the audit log with the organization and the stores you add here, so anyone can see why they exist."
              />
              <ErrorNote error={submit.error} />
              <div className="actions left">
                <button type="submit" className="primary" disabled={submit.busy || !name.trim() || !reason.trim()}>
                  {submit.busy ? 'Creating…' : 'Create organization'}
                </button>
              </div>
            </form>
          )}
        </li>
        {org && (
          <li>
            <h2>2. Add stores</h2>
            <AddStores org={org} reason={reason.trim()} stores={stores} onAdded={(s) => setStores((x) => [...x, s])} />
          </li>
        )}
        {org && (
          <li>
            <h2>3. Invite the owner</h2>
            <InviteOwner org={org} />
          </li>
        )}
      </ol>
      {org && (
        <p>
          <Link to={`/support/orgs/${org.id}/team`}>Open the organization’s Access/IAM</Link>
        </p>
      )}
    </section>
  );
}
