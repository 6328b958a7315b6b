import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.js';
import { useInviteOptions, useStores } from '../../org-data.js';
import { Dialog, ErrorNote, Field, Notice, Select, useSupportCheck, useSubmit } from '../../ui.js';
import { lowestFirst, lowestRole } from './role-pick.js';
import { StoreChecks } from './StoreChecks.js';
import type { Workspace } from './workspace.js';

/**
 * Seeds 000 and 001: the dialog offers only the roles and stores the signed-in person may give
 * (the server decides, through `/invitations/options`, and checks again on submit). The role
 * starts at the lowest one (least privilege) and each says what it is for; the name is optional
 * and pre-fills the invitee's sign-up.
 */
export function InviteDialog({ ws, onClose, initial }: { ws: Workspace; onClose: () => void; initial?: { email: string; role: string; storeIds: string[] } }) {
  const qc = useQueryClient();
  const options = useInviteOptions(ws.orgId);
  const stores = useStores(ws.orgId);
  const [email, setEmail] = useState(initial?.email ?? '');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [role, setRole] = useState(initial?.role ?? '');
  const [storeIds, setStoreIds] = useState<string[]>(initial?.storeIds ?? []);
  // Support staff confirm the requester and give the reason, as for every other change.
  const support = useSupportCheck(ws.support);
  const [sent, setSent] = useState('');
  const opts = options.data;
  const choices = lowestFirst(opts?.roles ?? []);
  const chosen = choices.find((r) => r.role === role) ?? lowestRole(choices);
  const roleKey = chosen?.role ?? '';
  const allowedStores = (stores.data ?? []).filter((s) => s.status === 'active' && (chosen?.storeIds === 'all' || chosen?.storeIds.includes(s.id)));
  const picked = chosen?.scope === 'store' && storeIds.length === 0 && opts?.defaultStoreId ? [opts.defaultStoreId] : storeIds;
  const submit = useSubmit(async () => {
    const assignment = chosen?.scope === 'store' ? { role: roleKey, storeIds: picked } : { role: roleKey };
    const names = { ...(firstName.trim() ? { firstName } : {}), ...(lastName.trim() ? { lastName } : {}) };
    await api('POST', `/orgs/${ws.orgId}/invitations`, { email, ...names, roles: [assignment], ...(support.reason ? { reason: support.reason } : {}) });
    await qc.invalidateQueries({ queryKey: ['invitations', ws.orgId] });
    setSent(email);
  });
  return (
    <Dialog title="Invite user" onClose={onClose}>
      {sent ? (
        <>
          <Notice>Invitation sent to {sent}. They show in the team as Invited until they accept.</Notice>
          <div className="actions">
            <button type="button" className="primary" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit.onSubmit}>
          <Field label="Email (this will be their sign-in)" type="email" value={email} onChange={setEmail} required hint="Check the spelling: the invitation only works for this exact address." />
          <Field label="First name (optional)" autoComplete="off" value={firstName} onChange={setFirstName} />
          <Field label="Last name (optional)" autoComplete="off" value={lastName} onChange={setLastName} />
          {opts && choices.length > 0 ? (
            <>
              <Select
                label="Role"
                value={roleKey}
                onChange={(v) => {
                  setRole(v);
                  setStoreIds([]);
                }}
                options={choices.map((r) => ({ value: r.role, label: `${r.name}${r.scope === 'store' ? ' (selected stores)' : ' (all stores)'}` }))}
              />
              {chosen?.useFor && <p className="muted use-for">Use for: {chosen.useFor}</p>}
              <p className="muted">Start with the lowest role that does the job; you can raise it later.</p>
            </>
          ) : (
            <p className="muted">Loading roles…</p>
          )}
          {chosen?.scope === 'store' && <StoreChecks legend="Stores" stores={allowedStores} selected={picked} onChange={setStoreIds} />}
          {support.fields}
          <ErrorNote error={submit.error} />
          <div className="actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={submit.busy || !support.ready || !roleKey || (chosen?.scope === 'store' && picked.length === 0)}>
              {submit.busy ? 'Sending…' : 'Send invite'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
