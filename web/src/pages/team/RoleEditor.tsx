import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Permission } from '../../../../src/domain/permissions.js';
import { api } from '../../api.js';
import type { RoleT } from '../../types.js';
import { Dialog, ErrorNote, Field, Select, useSupportCheck, useSubmit } from '../../ui.js';
import { PermissionPicker } from './PermissionPicker.js';
import type { RoleAdmin } from './role-admin.js';
import { countOf } from '../../../../src/domain/plural.js';

export type RoleEdit = { kind: 'create' } | { kind: 'edit'; role: RoleT } | { kind: 'builtin'; role: RoleT };

/** "Shift lead" → "shift_lead": the key is what the API and imports use; the name is for people. */
function keyFrom(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 64);
}

/**
 * Creates a custom role, edits one (name, rank, permissions), or edits a built-in role for this
 * organization (name and permissions; its rank and scope stay the preset's, a renamed role keeps
 * its old name as a former name (seed 001), and the Roles page offers a reset to the preset).
 */
export function RoleEditor(props: {
  orgId: string;
  edit: RoleEdit;
  admin: RoleAdmin;
  roles: RoleT[];
  /** Support staff acting for the merchant: the requester check and reason are asked for. */
  support: boolean;
  onClose: () => void;
  onSaved: (msg: string) => void;
}) {
  const { orgId, edit, admin, onClose, onSaved } = props;
  const qc = useQueryClient();
  const role = edit.kind === 'create' ? undefined : edit.role;
  const [name, setName] = useState(role?.name ?? '');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [scope, setScope] = useState<'org' | 'store'>(role?.scope ?? 'store');
  const [rank, setRank] = useState(String(role?.rank ?? Math.max(1, Math.min(20, admin.rankLimit - 1))));
  const [perms, setPerms] = useState<Permission[]>((role?.permissions ?? []) as Permission[]);
  const [orgWide, setOrgWide] = useState<Permission[]>((role?.orgWidePermissions ?? []) as Permission[]);
  const support = useSupportCheck(props.support);
  const reason = support.reason ? { reason: support.reason } : {};
  // Extra permissions in every store mean something for store roles only.
  const extras = scope === 'store' ? { orgWidePermissions: orgWide, ...reason } : reason;
  const maxRank = admin.rankLimit - 1;
  const ranks = [...props.roles]
    .sort((a, b) => a.rank - b.rank)
    .map((r) => `${r.name} ${r.rank}`)
    .join(', ');
  const rankNum = Number(rank);
  const rankOk = Number.isInteger(rankNum) && rankNum >= 1 && rankNum <= maxRank;
  const effectiveKey = keyTouched ? key : keyFrom(name);
  const builtin = edit.kind === 'builtin';
  const title = edit.kind === 'create' ? 'Create a custom role' : `Edit “${role?.name}”`;
  const ready = support.ready && name.trim() !== '' && (builtin || rankOk) && perms.length > 0 && (edit.kind !== 'create' || /^[a-z][a-z0-9_]{1,63}$/.test(effectiveKey));
  const submit = useSubmit(async () => {
    if (edit.kind === 'create') {
      await api('POST', `/orgs/${orgId}/roles`, { key: effectiveKey, name: name.trim(), scope, rank: rankNum, permissions: perms, ...extras });
    } else if (builtin) {
      await api('PATCH', `/orgs/${orgId}/roles/${encodeURIComponent(edit.role.key)}`, { name: name.trim(), permissions: perms, ...extras });
    } else {
      await api('PATCH', `/orgs/${orgId}/roles/${encodeURIComponent(edit.role.key)}`, { name: name.trim(), rank: rankNum, permissions: perms, ...extras });
    }
    await qc.invalidateQueries({ queryKey: ['roles', orgId] });
    onSaved(edit.kind === 'create' ? `Role “${name.trim()}” created. Assign it from a member’s page.` : `Role “${name.trim()}” saved. Everyone holding it gets the change on their next page load.`);
    onClose();
  });
  return (
    <Dialog title={title} onClose={onClose} wide>
      <form onSubmit={submit.onSubmit}>
        <Field label="Role name" value={name} onChange={setName} required hint={builtin && name.trim() !== role?.name ? `The old name “${role?.name}” is kept as a former name, so lists and imports that use it still work.` : 'What people see, e.g. “Shift lead”.'} />
        {edit.kind === 'create' && (
          <>
            <Field
              label="Role key"
              value={effectiveKey}
              onChange={(v) => {
                setKeyTouched(true);
                setKey(v);
              }}
              required
              hint="Lowercase letters, digits and _; starts with a letter. Used by the API and imports; cannot be changed later."
            />
            <Select
              label="Where it applies"
              value={scope}
              onChange={(v) => setScope(v as 'org' | 'store')}
              options={[
                { value: 'store', label: 'Selected stores (chosen per person)' },
                { value: 'org', label: 'All stores (the whole organization)' },
              ]}
            />
          </>
        )}
        {!builtin && (
          <>
            <Field
              label="Rank"
              type="number"
              value={rank}
              onChange={setRank}
              required
              hint={`1 to ${maxRank}. Higher ranks may manage lower ones; people only give roles ranked below their own. Current ranks: ${ranks}.`}
            />
            {!rankOk && rank !== '' && (
              <p className="error" role="alert">
                Pick a whole number from 1 to {maxRank}.
              </p>
            )}
          </>
        )}
        <h3>Permissions</h3>
            <PermissionPicker value={perms} onChange={setPerms} held={admin.held} />
            {perms.length === 0 && <p className="hint">Pick at least one permission.</p>}
            {scope === 'store' && (
              <details open={orgWide.length > 0}>
                <summary>Also in every store ({countOf(orgWide.length, 'permission')})</summary>
                <p className="hint">
                  A few permissions a store role needs across the whole organization, like a store manager seeing every colleague and every store’s address. Everything
                  above applies only in the stores chosen per person.
                </p>
                <PermissionPicker value={orgWide} onChange={setOrgWide} held={admin.held} scope="All stores" />
              </details>
            )}
        {builtin && <p className="muted">The change applies to everyone holding this role in this organization, from their next click. “Reset to preset” on the Roles page undoes it.</p>}
        {support.fields}
        <ErrorNote error={submit.error} />
        <div className="actions sticky-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!ready || submit.busy}>
            {submit.busy ? 'Saving…' : edit.kind === 'create' ? 'Create role' : 'Save role'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
