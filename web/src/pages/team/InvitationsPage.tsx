import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, qs } from '../../api.js';
import { describeAssignment, useInviteOptions, useRoles, useStores } from '../../org-data.js';
import type { InvitationT, PageT } from '../../types.js';
import { ConfirmDialog, Empty, ErrorNote, Loading, NotAllowed, Select, StatusBadge, TableWrap, when } from '../../ui.js';
import { InviteDialog } from './InviteDialog.js';
import type { Workspace } from './workspace.js';

type Act = { kind: 'resend' | 'cancel'; inv: InvitationT } | null;

/** Pending invitations with resend / cancel, and re-invite for expired or cancelled ones (seed 000). */
export function InvitationsPage({ ws }: { ws: Workspace }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState('pending');
  const [act, setAct] = useState<Act>(null);
  const [invite, setInvite] = useState<{ email: string; role: string; storeIds: string[] } | null>(null);
  const roles = useRoles(ws.orgId);
  const stores = useStores(ws.orgId);
  const options = useInviteOptions(ws.orgId);
  const list = useQuery({
    queryKey: ['invitations', ws.orgId, status],
    queryFn: () => api<PageT<InvitationT>>('GET', `/orgs/${ws.orgId}/invitations${qs({ status, limit: 100 })}`),
  });
  return (
    <section aria-labelledby="inv-h">
      <div className="page-head">
        <h1 id="inv-h">Invitations</h1>
        {options.data?.canInvite && (
          <button type="button" className="primary" onClick={() => setInvite({ email: '', role: '', storeIds: [] })}>
            Invite user
          </button>
        )}
      </div>
      {options.data && !options.data.canInvite && <NotAllowed reasons={options.data.reasons} />}
      <div className="filters">
        <Select
          label="Show"
          value={status}
          onChange={setStatus}
          options={[
            { value: 'pending', label: 'Pending' },
            { value: 'expired', label: 'Expired' },
            { value: 'accepted', label: 'Accepted' },
            { value: 'cancelled', label: 'Cancelled' },
            { value: '', label: 'All' },
          ]}
        />
      </div>
      <ErrorNote error={list.error} />
      {list.isLoading ? (
        <Loading />
      ) : !list.data?.items.length ? (
        <Empty title={status === 'pending' ? 'No pending invitations.' : 'No invitations here.'}>
          <p>Invitations you send show here until they are accepted.</p>
        </Empty>
      ) : (
        <TableWrap label="Invitations">
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Expires</th>
                <th scope="col">Invited by</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((inv) => (
                <tr key={inv.id}>
                  <td data-label="Email">{inv.email}</td>
                  <td data-label="Role">{inv.roles.map((r) => describeAssignment(r, roles.data, stores.data)).join('; ')}</td>
                  <td data-label="Status">
                    <StatusBadge status={inv.status} />
                  </td>
                  <td data-label="Expires">{when(inv.expiresAt)}</td>
                  <td data-label="Invited by">
                    {inv.invitedBy.name} (sent {inv.sendCount}×)
                  </td>
                  <td data-label="Actions" className="row-actions">
                    {inv.actions.canResend && (
                      <button type="button" onClick={() => setAct({ kind: 'resend', inv })} aria-label={`Resend invitation to ${inv.email}`}>
                        Resend
                      </button>
                    )}
                    {inv.actions.canCancel && (
                      <button type="button" className="danger" onClick={() => setAct({ kind: 'cancel', inv })} aria-label={`Cancel invitation to ${inv.email}`}>
                        Cancel
                      </button>
                    )}
                    {(inv.status === 'cancelled' || (inv.status === 'expired' && !inv.actions.canResend)) && options.data?.canInvite && (
                      <button
                        type="button"
                        onClick={() => setInvite({ email: inv.email, role: inv.roles[0]?.role ?? '', storeIds: [...(inv.roles[0]?.storeIds ?? [])] })}
                        aria-label={`Re-invite ${inv.email}`}
                      >
                        Re-invite
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {invite && (
        <InviteDialog
          ws={ws}
          initial={invite}
          onClose={() => {
            setInvite(null);
            void qc.invalidateQueries({ queryKey: ['invitations', ws.orgId] });
          }}
        />
      )}
      {act && (
        <ConfirmDialog
          needsReason={ws.support}
          danger={act.kind === 'cancel'}
          title={act.kind === 'resend' ? `Resend the invitation to ${act.inv.email}?` : `Cancel the invitation to ${act.inv.email}?`}
          confirmLabel={act.kind === 'resend' ? 'Resend' : 'Cancel invitation'}
          body={
            act.kind === 'resend' ? (
              <p>
                {act.inv.status === 'expired' ? 'The invitation expired; resending gives it a fresh link and expiry.' : 'We email the invitation again with a fresh link.'} Ask them to check spam
                if it does not arrive.
              </p>
            ) : (
              <p>The link in the email stops working. You can invite them again later.</p>
            )
          }
          onClose={() => setAct(null)}
          onConfirm={async (reason) => {
            await api('POST', `/orgs/${ws.orgId}/invitations/${act.inv.id}/${act.kind}`, reason ? { reason } : {});
            await qc.invalidateQueries({ queryKey: ['invitations', ws.orgId] });
          }}
        />
      )}
    </section>
  );
}
