import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { api, qs } from '../../api.js';
import { describeAssignment, useRoles, useStores } from '../../org-data.js';
import type { InvitationT, PageT } from '../../types.js';
import { ConfirmDialog, Notice, when } from '../../ui.js';
import { AUDIENCE_WORDS } from '../commerce/commerce-data.js';
import type { Workspace } from './workspace.js';

type Act = { kind: 'resend' | 'cancel'; inv: InvitationT } | null;

export interface InvitedFilters {
  search: string;
  role: string;
  storeId: string;
  /** The team list's status filter: invitations show under "any status" and "Invited". */
  status: string;
  /** Commerce orgs: the audience filter ('' for everyone) and whether the list has an Audience column. */
  audience?: string;
  audienceColumn?: boolean;
}

/**
 * Pending invitations as rows of the team list (an invited person is listed
 * with status "Invited" until they accept), with resend and cancel in the row. Only what the
 * API allows is offered (each invitation's `actions`). Returns the rows and, apart, the
 * confirmation dialog and notice, which cannot live inside a table body.
 */
export function useInvitedRows(ws: Workspace, f: InvitedFilters): { rows: ReactNode[]; count: number; dialog: ReactNode; notice: ReactNode; isLoading: boolean } {
  const qc = useQueryClient();
  const roles = useRoles(ws.orgId);
  const stores = useStores(ws.orgId);
  const [act, setAct] = useState<Act>(null);
  const [done, setDone] = useState('');
  const shown = f.status === '' || f.status === 'invited';
  const list = useQuery({
    queryKey: ['invitations', ws.orgId, 'team-list', f.search],
    queryFn: () => api<PageT<InvitationT>>('GET', `/orgs/${ws.orgId}/invitations${qs({ status: 'pending', search: f.search, limit: 100 })}`),
    enabled: shown,
  });
  const items = shown
    ? (list.data?.items ?? []).filter((i) => (!f.audience || i.audience === f.audience) && (!f.role || i.roles.some((r) => r.role === f.role)) && (!f.storeId || i.roles.some((r) => !r.storeIds?.length || r.storeIds.includes(f.storeId))))
    : [];
  const rows = items.map((inv) => {
    const name = [inv.firstName, inv.lastName].filter(Boolean).join(' ');
    return (
      <tr key={`inv-${inv.id}`} className="invited">
        <td data-label="Name">{name || <span className="muted">Not signed up yet</span>}</td>
        <td data-label="Email">{inv.email}</td>
        {f.audienceColumn && <td data-label="Audience">{AUDIENCE_WORDS[inv.audience]}</td>}
        <td data-label="Roles">{inv.roles.map((a) => describeAssignment(a, roles.data, stores.data)).join('; ')}</td>
        <td data-label="Status">
          <span className="badge badge-invited">Invited</span>
        </td>
        <td data-label="Last seen">
          <span className="muted">Invitation expires {when(inv.expiresAt)}</span>
        </td>
        <td data-label="Actions" className="row-actions">
          {inv.actions.canResend && (
            <button type="button" onClick={() => setAct({ kind: 'resend', inv })} aria-label={`Resend the invitation to ${inv.email}`}>
              Resend
            </button>
          )}
          {inv.actions.canCancel && (
            <button type="button" className="danger" onClick={() => setAct({ kind: 'cancel', inv })} aria-label={`Cancel invitation to ${inv.email}`}>
              Cancel invitation
            </button>
          )}
        </td>
      </tr>
    );
  });
  const dialog = act && (
    <ConfirmDialog
      needsReason={ws.support}
      danger={act.kind === 'cancel'}
      title={act.kind === 'resend' ? `Resend the invitation to ${act.inv.email}?` : `Cancel the invitation to ${act.inv.email}?`}
      confirmLabel={act.kind === 'resend' ? 'Resend' : 'Cancel invitation'}
      body={
        act.kind === 'resend' ? (
          <p>We email the invitation again with a fresh link; the old link stops working. Ask them to check spam if it does not arrive.</p>
        ) : (
          <p>The link in the email stops working and they leave the team list. You can invite them again later.</p>
        )
      }
      onClose={() => setAct(null)}
      onConfirm={async (reason) => {
        await api('POST', `/orgs/${ws.orgId}/invitations/${act.inv.id}/${act.kind}`, reason ? { reason } : {});
        setDone(act.kind === 'resend' ? `Invitation sent again to ${act.inv.email}.` : `Invitation to ${act.inv.email} cancelled.`);
        await qc.invalidateQueries({ queryKey: ['invitations', ws.orgId] });
      }}
    />
  );
  return { rows, count: items.length, dialog, notice: done ? <Notice>{done}</Notice> : null, isLoading: shown && list.isLoading };
}
