import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.js';
import { useInviteOptions } from '../../org-data.js';
import { StoreChoice } from '../../StorePicker.js';
import { Dialog, ErrorNote, Field, Notice, Select, useSupportCheck, useSubmit } from '../../ui.js';
import { useAudienceGrant } from '../commerce/AudienceGrant.js';
import { lowestFirst, lowestRole } from './role-pick.js';
import type { Workspace } from './workspace.js';

/**
 * Seeds 000 and 001: the dialog offers only the roles and stores the signed-in person may give
 * (the server decides, through `/invitations/options`, and checks again on submit). The role
 * starts at the lowest one (least privilege) and each says what it is for; the name is optional
 * and pre-fills the invitee's sign-up.
 */
export function InviteDialog({
  ws,
  onClose,
  initial,
  create = false,
}: {
  ws: Workspace;
  onClose: () => void;
  initial?: { email: string; role: string; storeIds: string[] };
  /** "Create user": the account is made now (`POST /members`) and they get an email to choose their password. */
  create?: boolean;
}) {
  const qc = useQueryClient();
  const options = useInviteOptions(ws.orgId);
  const [email, setEmail] = useState(initial?.email ?? '');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [role, setRole] = useState(initial?.role ?? '');
  const [storeIds, setStoreIds] = useState<string[]>(initial?.storeIds ?? []);
  // Support staff confirm the requester and give the reason, as for every other change.
  const support = useSupportCheck(ws.support);
  const [sent, setSent] = useState('');
  const opts = options.data;
  // Commerce orgs (seed 002): whom they are to the business, their profile and customer accounts.
  const grant = useAudienceGrant(ws);
  const choices = lowestFirst((opts?.roles ?? []).filter((r) => grant.allowsRole(r.role)));
  const chosen = choices.find((r) => r.role === role) ?? lowestRole(choices);
  const roleKey = chosen?.role ?? '';
  const picked = chosen?.scope === 'store' && storeIds.length === 0 && opts?.defaultStoreId ? [opts.defaultStoreId] : storeIds;
  const submit = useSubmit(async () => {
    const assignment = chosen?.scope === 'store' ? { role: roleKey, storeIds: picked } : { role: roleKey };
    const names = { ...(firstName.trim() ? { firstName } : {}), ...(lastName.trim() ? { lastName } : {}) };
    const roles = grant.needsRole ? { roles: [assignment] } : {};
    const body = { email, ...names, ...roles, ...grant.body, ...(support.reason ? { reason: support.reason } : {}) };
    await api('POST', `/orgs/${ws.orgId}/${create ? 'members' : 'invitations'}`, body);
    await qc.invalidateQueries({ queryKey: [create ? 'members' : 'invitations', ws.orgId] });
    setSent(email);
  });
  return (
    <Dialog title={create ? 'Create user' : 'Invite user'} onClose={onClose}>
      {sent ? (
        <>
          <Notice>
            {create
              ? `Account created for ${sent}. They got an email with a link to choose their password.`
              : `Invitation sent to ${sent}. They show in the team as Invited until they accept.`}
          </Notice>
          <div className="actions">
            <button type="button" className="primary" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit.onSubmit}>
          <Field label="Email (this will be their sign-in)" type="email" value={email} onChange={setEmail} required hint={create ? 'Check the spelling: the link to choose a password goes to this address.' : 'Check the spelling: the invitation only works for this exact address.'}
          />
          <Field label={create ? 'First name' : 'First name (optional)'} autoComplete="off" value={firstName} onChange={setFirstName} required={create} />
          <Field label={create ? 'Last name' : 'Last name (optional)'} autoComplete="off" value={lastName} onChange={setLastName} required={create} />
          {grant.audienceField}
          {!grant.needsRole ? null : opts && choices.length > 0 ? (
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
          {grant.needsRole && chosen?.scope === 'store' && <StoreChoice orgId={ws.orgId} legend="Stores" allowed={chosen.storeIds} selected={picked} onChange={setStoreIds} />}
          {grant.fields}
          {support.fields}
          <ErrorNote error={submit.error} />
          <div className="actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={submit.busy || !support.ready || !grant.ready || (grant.needsRole && (!roleKey || (chosen?.scope === 'store' && picked.length === 0)))}>
              {submit.busy ? (create ? 'Creating…' : 'Sending…') : create ? 'Create user' : 'Send invite'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
