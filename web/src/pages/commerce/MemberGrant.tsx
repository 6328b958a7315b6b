import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../../api.js';
import type { CustomerT, MemberDetailT } from '../../types.js';
import { Dialog, ErrorNote, Select, useSubmit, useSupportCheck } from '../../ui.js';
import { useMyAccess } from '../my-access-data.js';
import type { Workspace } from '../team/workspace.js';
import { CustomerChoice, useCommerce } from './AudienceGrant.js';
import { AUDIENCE_WORDS, customerLabel, useProfiles } from './commerce-data.js';

/** The member's customer accounts by name; an account the caller may not see is left out. */
function useMemberAccounts(orgId: string, ids: readonly string[]) {
  return useQuery({
    queryKey: ['member-customers', orgId, ids],
    queryFn: async () => {
      const all = await Promise.all(
        ids.map((id) =>
          api<CustomerT>('GET', `/orgs/${orgId}/customers/${id}`).catch((e: unknown) => {
            if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return null;
            throw e;
          }),
        ),
      );
      return all.filter((c): c is CustomerT => c !== null);
    },
  });
}

/**
 * Seed 002 on a member's page: a partner or customer user's profile and customer accounts, and
 * the dialog to change them (`PATCH /members/{id}` with `profileId` and `customerIds`; a person's
 * audience itself does not change). A partner administrator is offered their own profile and
 * accounts only; the server checks again.
 */
export function MemberGrant({ ws, member, canEdit, onSaved }: { ws: Workspace; member: MemberDetailT; canEdit: boolean; onSaved: () => Promise<void> }) {
  const { commerce } = useCommerce(ws);
  const outsider = commerce && member.audience !== 'staff';
  const access = useMyAccess(ws.support ? undefined : ws.orgId);
  const profiles = useProfiles(ws.orgId, outsider);
  const accounts = useMemberAccounts(ws.orgId, outsider ? member.customerIds : []);
  const [editing, setEditing] = useState(false);
  if (!outsider) return null;
  const own = access.data?.profile;
  const choices =
    profiles.data === null
      ? own && access.data?.audience === member.audience
        ? [{ id: own.id, name: own.name }]
        : []
      : (profiles.data ?? []).filter((p) => p.audience === member.audience).map((p) => ({ id: p.id, name: p.name }));
  const profileName = choices.find((p) => p.id === member.profileId)?.name ?? (member.profileId ? 'A profile you cannot see' : 'No profile');
  const hidden = member.customerIds.length - (accounts.data?.length ?? member.customerIds.length);
  return (
    <>
      <h2>Profile and customer accounts</h2>
      <dl className="facts">
        <dt>They are</dt>
        <dd>{AUDIENCE_WORDS[member.audience]} user</dd>
        <dt>Profile</dt>
        <dd>{profileName}</dd>
        <dt>Customer accounts</dt>
        <dd>
          {(accounts.data ?? []).map(customerLabel).join(', ') || '—'}
          {hidden > 0 && ` and ${hidden} more you do not look after`}
        </dd>
      </dl>
      <ErrorNote error={accounts.error} />
      {canEdit && (
        <div className="actions left">
          <button type="button" onClick={() => setEditing(true)}>
            Edit profile and accounts
          </button>
        </div>
      )}
      {editing && accounts.data && (
        <GrantDialog
          ws={ws}
          member={member}
          choices={choices}
          accounts={accounts.data}
          onClose={() => setEditing(false)}
          onSaved={async () => {
            await onSaved();
            await accounts.refetch();
          }}
        />
      )}
    </>
  );
}

function GrantDialog(props: {
  ws: Workspace;
  member: MemberDetailT;
  choices: { id: string; name: string }[];
  accounts: CustomerT[];
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { ws, member } = props;
  const [profileId, setProfileId] = useState(member.profileId ?? props.choices[0]?.id ?? '');
  const [picked, setPicked] = useState<CustomerT[]>(props.accounts);
  const support = useSupportCheck(ws.support);
  const single = member.audience === 'customer';
  const submit = useSubmit(async () => {
    await api('PATCH', `/orgs/${ws.orgId}/members/${member.userId}`, {
      profileId,
      // Accounts the caller cannot see stay as they are: only those they look after change.
      customerIds: [...member.customerIds.filter((id) => !props.accounts.some((c) => c.id === id)), ...picked.map((c) => c.id)],
      ...(support.reason ? { reason: support.reason } : {}),
    });
    await props.onSaved();
    props.onClose();
  });
  const ready = profileId !== '' && (single ? picked.length === 1 : picked.length > 0);
  return (
    <Dialog title={`Profile and accounts of ${member.firstName}`} onClose={props.onClose}>
      <form onSubmit={submit.onSubmit}>
        {props.choices.length > 0 ? (
          <Select label="Profile" value={profileId} onChange={setProfileId} options={props.choices.map((p) => ({ value: p.id, label: p.name }))} />
        ) : (
          <p className="muted">You cannot change their profile; a staff administrator can.</p>
        )}
        <CustomerChoice orgId={ws.orgId} single={single} selected={picked} onChange={setPicked} />
        {support.fields}
        <ErrorNote error={submit.error} />
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={submit.busy || !support.ready || !ready}>
            {submit.busy ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
