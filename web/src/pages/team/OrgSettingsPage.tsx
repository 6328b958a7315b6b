import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../../api.js';
import { useOrg } from '../../org-data.js';
import { useMe } from '../../session.js';
import type { OrgT } from '../../types.js';
import { ConfirmDialog, ErrorNote, Loading, Notice, useSubmit, useSupportCheck } from '../../ui.js';
import { useProfiles } from '../commerce/commerce-data.js';
import { useMyAccess } from '../my-access-data.js';
import type { Workspace } from './workspace.js';

type Settings = OrgT['settings'];

/** One setting: its control, and one plain sentence of what it does for the shop. */
function Explained({ id, children, explain }: { id: string; children: React.ReactNode; explain: string }) {
  return (
    <div className="field">
      {children}
      <small id={id} className="hint">
        {explain}
      </small>
    </div>
  );
}

function SettingsForm({ ws, org, topAdmin }: { ws: Workspace; org: OrgT; topAdmin: boolean }) {
  const qc = useQueryClient();
  const ids = { billing: useId(), settlement: useId(), ttl: useId(), single: useId(), second: useId(), signup: useId(), profile: useId() };
  // Commerce orgs (seed 002): customers may sign up on their own and get a default profile.
  const commerce = org.preset === 'commerce';
  const customerProfiles = (useProfiles(ws.orgId, commerce).data ?? []).filter((p) => p.audience === 'customer');
  const [s, setS] = useState<Settings>(org.settings);
  const [saved, setSaved] = useState(false);
  const support = useSupportCheck(ws.support);
  const set = (patch: Partial<Settings>) => {
    setSaved(false);
    setS((x) => ({ ...x, ...patch }));
  };
  const submit = useSubmit(async () => {
    const changed: Partial<Settings> = {};
    if (s.billingLevel !== org.settings.billingLevel) changed.billingLevel = s.billingLevel;
    if (s.settlementLevel !== org.settings.settlementLevel) changed.settlementLevel = s.settlementLevel;
    if (s.inviteTtlDays !== org.settings.inviteTtlDays) changed.inviteTtlDays = s.inviteTtlDays;
    if (s.singleSession !== org.settings.singleSession) changed.singleSession = s.singleSession;
    if (s.requireAdminSecondFactor !== org.settings.requireAdminSecondFactor) changed.requireAdminSecondFactor = s.requireAdminSecondFactor;
    if (s.customerSignup !== org.settings.customerSignup) changed.customerSignup = s.customerSignup;
    if (s.defaultCustomerProfileId !== org.settings.defaultCustomerProfileId) changed.defaultCustomerProfileId = s.defaultCustomerProfileId;
    if (Object.keys(changed).length > 0) {
      const fresh = await api<OrgT>('PATCH', `/orgs/${ws.orgId}`, { settings: changed, ...(support.reason ? { reason: support.reason } : {}) });
      qc.setQueryData(['org', ws.orgId], fresh);
    }
    setSaved(true);
  });
  return (
    <form onSubmit={submit.onSubmit} aria-labelledby="settings-h2">
      <h2 id="settings-h2">How your organization works</h2>
      <Explained id={`${ids.billing}-hint`} explain="Per store: each store gets its own bill, and store managers see their store's invoices. Whole organization: one bill for all stores.">
        <label htmlFor={ids.billing}>Billing</label>
        <select id={ids.billing} aria-describedby={`${ids.billing}-hint`} value={s.billingLevel} onChange={(e) => set({ billingLevel: e.target.value as Settings['billingLevel'] })}>
          <option value="store">Per store</option>
          <option value="org">For the whole organization</option>
        </select>
      </Explained>
      <Explained
        id={`${ids.settlement}-hint`}
        explain="Per store: each store is paid out to its own bank account, and store managers see them. Whole organization: one payout. When billing and payouts are both for the whole organization, accountants see the figures of every store."
      >
        <label htmlFor={ids.settlement}>Payouts</label>
        <select id={ids.settlement} aria-describedby={`${ids.settlement}-hint`} value={s.settlementLevel} onChange={(e) => set({ settlementLevel: e.target.value as Settings['settlementLevel'] })}>
          <option value="store">Per store</option>
          <option value="org">For the whole organization</option>
        </select>
      </Explained>
      <Explained id={`${ids.ttl}-hint`} explain="How long an invitation link keeps working before the person has to be invited again (1 to 90 days).">
        <label htmlFor={ids.ttl}>Invitations stay valid for (days)</label>
        <input
          id={ids.ttl}
          type="number"
          min={1}
          max={90}
          required
          aria-describedby={`${ids.ttl}-hint`}
          value={Number.isNaN(s.inviteTtlDays) ? '' : s.inviteTtlDays}
          onChange={(e) => set({ inviteTtlDays: e.target.valueAsNumber })}
        />
      </Explained>
      <Explained id={`${ids.single}-hint`} explain="When on, signing in on a new device signs the person out everywhere else, so an account is not shared across tills.">
        <label className="check" htmlFor={ids.single}>
          <input id={ids.single} type="checkbox" aria-describedby={`${ids.single}-hint`} checked={s.singleSession} onChange={(e) => set({ singleSession: e.target.checked })} /> One
          session per person
        </label>
      </Explained>
      <Explained
        id={`${ids.second}-hint`}
        explain={
          topAdmin
            ? 'When on, every top admin must confirm sign-in with a second step (such as an authenticator app), so a stolen password alone cannot take over the shop.'
            : 'When on, every top admin must confirm sign-in with a second step. Only a top admin can change this.'
        }
      >
        <label className="check" htmlFor={ids.second}>
          <input
            id={ids.second}
            type="checkbox"
            aria-describedby={`${ids.second}-hint`}
            disabled={!topAdmin}
            checked={s.requireAdminSecondFactor}
            onChange={(e) => set({ requireAdminSecondFactor: e.target.checked })}
          />{' '}
          Admins must use a second sign-in step
        </label>
      </Explained>
      {commerce && (
        <>
          <Explained id={`${ids.signup}-hint`} explain="When on, customers can create their own account in the customer hub; they get the profile chosen below.">
            <label className="check" htmlFor={ids.signup}>
              <input id={ids.signup} type="checkbox" aria-describedby={`${ids.signup}-hint`} checked={s.customerSignup} onChange={(e) => set({ customerSignup: e.target.checked })} />{' '}
              Customers may sign up on their own
            </label>
          </Explained>
          <Explained id={`${ids.profile}-hint`} explain="What customers who sign up on their own may do; make customer profiles on the Profiles page.">
            <label htmlFor={ids.profile}>Profile for customers who sign up</label>
            <select
              id={ids.profile}
              aria-describedby={`${ids.profile}-hint`}
              value={s.defaultCustomerProfileId ?? ''}
              onChange={(e) => set({ defaultCustomerProfileId: e.target.value || null })}
            >
              <option value="">None chosen</option>
              {customerProfiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Explained>
        </>
      )}
      {support.fields}
      <ErrorNote error={submit.error} />
      {saved && !submit.busy && !submit.error && <Notice>Settings saved.</Notice>}
      <div className="actions">
        <button type="submit" className="primary" disabled={submit.busy || !support.ready || Number.isNaN(s.inviteTtlDays)}>
          {submit.busy ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

/** The owner hands the account to another active top admin, after a confirmation. */
function OwnershipTransfer({ ws }: { ws: Workspace }) {
  const qc = useQueryClient();
  const me = useMe();
  const access = useMyAccess(ws.orgId);
  const pickId = useId();
  const [to, setTo] = useState('');
  const [confirming, setConfirming] = useState(false);
  const others = (access.data?.admins ?? []).filter((a) => a.userId !== me.user.id);
  const target = others.find((a) => a.userId === to);
  return (
    <section aria-labelledby="owner-h2">
      <h2 id="owner-h2">Account ownership</h2>
      <p>You own this account. You can hand ownership to another top admin; you stay a top admin, but only the new owner can hand it on again.</p>
      {others.length === 0 ? (
        <p>There is no other active top admin yet. Give someone the top admin role on the Team page first.</p>
      ) : (
        <div className="filters">
          <div className="field">
            <label htmlFor={pickId}>New owner</label>
            <select id={pickId} value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="">Pick a top admin…</option>
              {others.map((a) => (
                <option key={a.userId} value={a.userId}>
                  {a.name} ({a.email})
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="danger" disabled={!target} onClick={() => setConfirming(true)}>
            Transfer ownership
          </button>
        </div>
      )}
      {confirming && target && (
        <ConfirmDialog
          title={`Make ${target.name} the owner?`}
          body={<p>{target.name} becomes the account owner. You cannot undo this yourself; only the new owner can transfer it back.</p>}
          confirmLabel="Transfer ownership"
          danger
          needsReason={ws.support}
          onConfirm={async (reason) => {
            const fresh = await api<OrgT>('POST', `/orgs/${ws.orgId}/owner-transfer`, { userId: target.userId, reason });
            qc.setQueryData(['org', ws.orgId], fresh);
            setTo('');
            await qc.invalidateQueries({ queryKey: ['my-access', ws.orgId] });
          }}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  );
}

/** Org settings (issue 16 item 6): how billing, invitations and sign-in work, and who owns the account. */
export function OrgSettingsPage({ ws }: { ws: Workspace }) {
  const me = useMe();
  const org = useOrg(ws.orgId);
  // Support staff change settings for the merchant (with a reason) and have no access of their own.
  const access = useMyAccess(ws.support ? undefined : ws.orgId);
  const topAdmin = ws.support || (access.data?.admins ?? []).some((a) => a.userId === me.user.id);
  return (
    <section aria-labelledby="org-settings-h">
      <div className="page-head">
        <h1 id="org-settings-h">Settings</h1>
      </div>
      <ErrorNote error={org.error ?? access.error} />
      {org.isLoading || (!ws.support && access.isLoading) ? (
        <Loading />
      ) : org.data ? (
        <>
          <SettingsForm key={org.data.id} ws={ws} org={org.data} topAdmin={topAdmin} />
          {access.data?.isOwner && <OwnershipTransfer ws={ws} />}
        </>
      ) : null}
    </section>
  );
}
