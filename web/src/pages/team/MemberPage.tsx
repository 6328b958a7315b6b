import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { permissionInWords } from '../../../../src/domain/permission-words.js';
import { countOf } from '../../../../src/domain/plural.js';
import { ApiError, api } from '../../api.js';
import { describeAssignment, useRoles, useStores } from '../../org-data.js';
import { Link, navigate } from '../../router.js';
import type { AccessT, AssignmentT, MemberDetailT, OverrideT } from '../../types.js';
import { ConfirmDialog, ErrorNote, Loading, NotAllowed, Notice, StatusBadge, when } from '../../ui.js';
import { MemberGrant } from '../commerce/MemberGrant.js';
import { AssignmentEditor } from './AssignmentEditor.js';
import { DeactivateUser } from './DeactivateUser.js';
import { OverridesEditor } from './OverridesEditor.js';
import { PersonalDetailsDialog } from './PersonalDetailsDialog.js';
import type { Workspace } from './workspace.js';

type Pending = { kind: 'save' | 'suspend' | 'reactivate' | 'remove' | 'reset' | 'signout' } | null;

/**
 * One member: what they hold, what the signed-in person may change, and why not when not
 * (seed 001: "managers can only edit members of their own stores").
 */
export function MemberPage({ ws, userId }: { ws: Workspace; userId: string }) {
  const qc = useQueryClient();
  const roles = useRoles(ws.orgId);
  const stores = useStores(ws.orgId);
  const detail = useQuery({ queryKey: ['member', ws.orgId, userId], queryFn: () => api<MemberDetailT>('GET', `/orgs/${ws.orgId}/members/${userId}`) });
  const access = useQuery({ queryKey: ['access', ws.orgId, userId], queryFn: () => api<AccessT>('GET', `/orgs/${ws.orgId}/members/${userId}/access`) });
  const [editing, setEditing] = useState(false);
  const [draftRoles, setDraftRoles] = useState<AssignmentT[]>([]);
  const [draftOverrides, setDraftOverrides] = useState<OverrideT[]>([]);
  const [pending, setPending] = useState<Pending>(null);
  const [done, setDone] = useState('');
  const [editingDetails, setEditingDetails] = useState(false);
  // Support only: the API refused with last_org_admin; offer the explicit approval (SPEC rule 3 override).
  const [needsOverride, setNeedsOverride] = useState(false);
  const [approveOverride, setApproveOverride] = useState(false);
  if (detail.isLoading) return <Loading />;
  if (detail.error || !detail.data) return <ErrorNote error={detail.error} />;
  const m = detail.data;
  const a = m.actions;
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['member', ws.orgId, userId] });
    await qc.invalidateQueries({ queryKey: ['members', ws.orgId] });
    await qc.invalidateQueries({ queryKey: ['access', ws.orgId, userId] });
  };
  const override = needsOverride && approveOverride ? { overrideLastAdmin: true } : {};
  const body = (reason: string | undefined) => ({ ...(reason ? { reason } : {}), ...override });
  const closePending = () => {
    setPending(null);
    setNeedsOverride(false);
    setApproveOverride(false);
  };
  const storeName = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? id;
  /** Runs the confirmed change; support's override approval rides along once it was asked for. */
  const confirm = async (reason: string | undefined) => {
    if (!pending) return;
    const base = `/orgs/${ws.orgId}/members/${userId}`;
    if (pending.kind === 'save') {
      await api('PATCH', base, { roles: draftRoles, overrides: draftOverrides, ...body(reason) });
      setEditing(false);
      setDone('Changes saved.');
    } else if (pending.kind === 'remove') {
      await api('DELETE', base, body(reason));
      await qc.invalidateQueries({ queryKey: ['members', ws.orgId] });
      navigate(`${ws.base}/team`);
      return;
    } else if (pending.kind === 'reset') {
      await api('POST', `${base}/password-reset`, reason ? { reason } : {});
      setDone(`Password reset email sent to ${m.email}.`);
    } else if (pending.kind === 'signout') {
      const r = await api<{ ended: number }>('DELETE', `${base}/sessions`, reason ? { reason } : undefined);
      setDone(r.ended ? `Signed out of ${r.ended} session${r.ended === 1 ? '' : 's'}.` : `${m.firstName} was not signed in anywhere.`);
    } else {
      await api('POST', `${base}/${pending.kind}`, body(reason));
      setDone(pending.kind === 'suspend' ? 'Member suspended.' : 'Member reactivated.');
    }
    await refresh();
  };
  // The account owner is never suspended, removed or stripped of the top admin role (the API
  // refuses it until ownership is transferred), so those are not offered at all.
  const owner = m.isOwner;
  const canSuspend = a.canSuspend && !owner;
  const canRemove = a.canRemove && !owner;
  const topKey = roles.data?.find((r) => r.topAdmin)?.key;
  const ownerKeeps: Record<string, string> = owner && topKey ? { [topKey]: 'the account owner keeps this role; ownership moves only by a transfer to another admin.' } : {};
  const nothingAllowed = !a.canEdit && !canRemove && !canSuspend;
  return (
    <section aria-labelledby="member-h">
      <p>
        <Link to={`${ws.base}/team`}>← Back to the team</Link>
      </p>
      <div className="page-head">
        <h1 id="member-h">
          {m.firstName} {m.lastName}
        </h1>
        <StatusBadge status={m.status} />
        {m.isOwner && <span className="badge">account owner</span>}
      </div>
      {done && <Notice>{done}</Notice>}
      <dl className="facts">
        <dt>Email</dt>
        <dd>{m.email}</dd>
        <dt>Phone</dt>
        <dd>{m.phone ?? '—'}</dd>
        <dt>Joined</dt>
        <dd>{when(m.joinedAt)}</dd>
        <dt>Last seen</dt>
        <dd>{when(m.lastSeenAt)}</dd>
      </dl>
      <h2>Roles and stores</h2>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setPending({ kind: 'save' });
          }}
        >
          <AssignmentEditor orgId={ws.orgId} value={draftRoles} onChange={setDraftRoles} assignable={a.assignableRoles} roles={roles.data ?? []} stores={stores.data ?? []} lockedRoles={ownerKeeps} />
          <h3>Individual overrides</h3>
          <OverridesEditor value={draftOverrides} onChange={setDraftOverrides} stores={stores.data ?? []} />
          <div className="actions">
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={draftRoles.length === 0}>
              Save changes
            </button>
          </div>
        </form>
      ) : (
        <>
          <ul>
            {m.roles.map((r) => (
              <li key={r.role}>{describeAssignment(r, roles.data, stores.data)}</li>
            ))}
          </ul>
          {m.overrides.length > 0 && (
            <>
              <h3>Individual overrides</h3>
              <ul>
                {m.overrides.map((o) => (
                  <li key={`${o.permission}-${o.storeId ?? ''}`}>
                    {o.effect === 'allow' ? 'Allows' : 'Denies'} “{permissionInWords(o.permission)}” {o.storeId ? `in ${storeName(o.storeId)}` : 'everywhere'}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {!editing && (
        <div className="actions left">
          {/* Customer users hold no role: their profile and account say what they may do. */}
          {a.canEdit && m.audience !== 'customer' && (
            <button
              type="button"
              className="primary"
              onClick={() => {
                setDraftRoles(m.roles.map((r) => ({ ...r })));
                setDraftOverrides(m.overrides.map((o) => ({ ...o })));
                setEditing(true);
              }}
            >
              Edit roles and stores
            </button>
          )}
          {a.canEdit && (
            <button type="button" onClick={() => setEditingDetails(true)}>
              Edit personal details
            </button>
          )}
          {canSuspend && m.status === 'active' && (
            <button type="button" onClick={() => setPending({ kind: 'suspend' })}>
              Suspend
            </button>
          )}
          {canSuspend && m.status === 'suspended' && (
            <button type="button" onClick={() => setPending({ kind: 'reactivate' })}>
              Reactivate
            </button>
          )}
          {a.canEdit && (
            <button type="button" onClick={() => setPending({ kind: 'reset' })}>
              Send password reset
            </button>
          )}
          {a.canSuspend && (
            <button type="button" onClick={() => setPending({ kind: 'signout' })}>
              Sign out everywhere
            </button>
          )}
          {canRemove && (
            <button type="button" className="danger" onClick={() => setPending({ kind: 'remove' })}>
              Remove from organization
            </button>
          )}
          {ws.support && <DeactivateUser userId={userId} firstName={m.firstName} status={m.status} isOwner={owner} onDone={setDone} />}
        </div>
      )}
      {owner && (
        <p className="muted">
          {m.firstName} is the account owner: the owner cannot be suspended, removed{ws.support ? ', deactivated' : ''} or lose the top admin role. Ownership moves only by a
          transfer to another active admin.
        </p>
      )}
      <MemberGrant ws={ws} member={m} canEdit={a.canEdit} onSaved={refresh} />
      {a.reasons.length > 0 && (nothingAllowed || (!owner && (!a.canRemove || !a.canSuspend))) && <NotAllowed reasons={a.reasons} />}
      <h2>What they can do</h2>
      <ErrorNote error={access.error} />
      {access.data && (
        <ul>
          <li>Organization-wide: {countOf(access.data.orgWide.length, 'permission')}</li>
          {access.data.stores.map((s) => (
            <li key={s.storeId}>
              {storeName(s.storeId)}: {countOf(s.permissions.length, 'permission')}
            </li>
          ))}
          {access.data.stores.length === 0 && <li>No store access.</li>}
        </ul>
      )}
      {editingDetails && (
        <PersonalDetailsDialog
          orgId={ws.orgId}
          member={m}
          support={ws.support}
          onClose={() => setEditingDetails(false)}
          onSaved={async () => {
            await refresh();
            setDone('Personal details saved.');
          }}
        />
      )}
      {pending && (
        <ConfirmDialog
          needsReason={ws.support}
          danger={pending.kind === 'remove' || pending.kind === 'suspend'}
          title={
            {
              save: 'Save changes?',
              suspend: 'Suspend this member?',
              reactivate: 'Reactivate this member?',
              remove: 'Remove from the organization?',
              reset: 'Send a password reset?',
              signout: `Sign ${m.firstName} out everywhere?`,
            }[pending.kind]
          }
          confirmLabel={{ save: 'Save', suspend: 'Suspend', reactivate: 'Reactivate', remove: 'Remove', reset: 'Send reset email', signout: 'Sign out everywhere' }[pending.kind]}
          body={
            <>
              {
                {
                  save: <p>The new roles and stores apply on {m.firstName}’s very next page load.</p>,
                  suspend: <p>{m.firstName} stays listed but cannot use anything in this organization until reactivated.</p>,
                  reactivate: <p>{m.firstName} gets their roles back immediately.</p>,
                  remove: <p>{m.firstName} loses access to this organization only; the history stays in the audit log. This cannot be undone except by inviting them again.</p>,
                  reset: <p>We email {m.email} a link to set a new password. It also clears a sign-in lock.</p>,
                  signout: (
                    <p>
                      Every browser and device where {m.firstName} is signed in is signed out at its next click. They can sign in again with their password; to keep them out,
                      suspend them.
                    </p>
                  ),
                }[pending.kind]
              }
              {needsOverride && (
                <fieldset className="reason">
                  <legend>No active admin would be left</legend>
                  <p>This organization would have no active top admin, so nobody at the merchant could manage the team. Approve only if the merchant asked for it and knows.</p>
                  <label className="check">
                    <input type="checkbox" checked={approveOverride} onChange={(e) => setApproveOverride(e.target.checked)} /> Approve leaving no active admin (recorded with the
                    reason)
                  </label>
                </fieldset>
              )}
            </>
          }
          onClose={closePending}
          onConfirm={async (reason) => {
            try {
              await confirm(reason);
            } catch (err) {
              if (ws.support && err instanceof ApiError && err.problem.code === 'last_org_admin') setNeedsOverride(true);
              throw err;
            }
          }}
        />
      )}
    </section>
  );
}
