import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { permissionInWords } from '../../../../src/domain/permission-words.js';
import { PERMISSIONS } from '../../../../src/domain/permissions.js';
import { api } from '../../api.js';
import { useRoles } from '../../org-data.js';
import { Link } from '../../router.js';
import type { RoleT } from '../../types.js';
import { ConfirmDialog, ErrorNote, Loading, Notice, TableWrap } from '../../ui.js';
import { moduleLabel } from './PermissionPicker.js';
import { type RoleEdit, RoleEditor } from './RoleEditor.js';
import { useRoleAdmin } from './role-admin.js';
import type { Workspace } from './workspace.js';

/**
 * Roles (permission groups) and the permissions matrix: presets and custom roles, highest rank
 * first. Creating, editing, renaming and deleting are offered only to people holding
 * `team:manage` and `org:update` (the API's rule), and only for roles below their own rank.
 */
const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function RolesPage({ ws }: { ws: Workspace }) {
  const qc = useQueryClient();
  const roles = useRoles(ws.orgId);
  const admin = useRoleAdmin(ws);
  const [edit, setEdit] = useState<RoleEdit | null>(null);
  const [deleting, setDeleting] = useState<RoleT | null>(null);
  const [resetting, setResetting] = useState<RoleT | null>(null);
  const [done, setDone] = useState('');
  if (roles.isLoading) return <Loading />;
  const list = [...(roles.data ?? [])].sort((a, b) => b.rank - a.rank);
  const modules = [...new Set(PERMISSIONS.map((p) => p.split(':')[0]!))];
  const below = (r: RoleT) => r.rank < admin.rankLimit;
  // Top admins (and support) may also edit the top admin role itself (the API's rule).
  const topRank = Math.max(0, ...list.filter((r) => r.topAdmin).map((r) => r.rank));
  const mayEditBuiltIn = (r: RoleT) => below(r) || admin.rankLimit >= topRank;
  return (
    <section aria-labelledby="roles-h">
      <div className="page-head">
        <h1 id="roles-h">Roles</h1>
        {admin.canManage && (
          <button type="button" className="primary" onClick={() => setEdit({ kind: 'create' })}>
            Create custom role
          </button>
        )}
      </div>
      <ErrorNote error={roles.error} />
      {done && <Notice>{done}</Notice>}
      <p className="muted">
        Higher roles are listed first; people can only give roles below their own.
        {!admin.loading && !admin.canManage && ' Changing roles needs the “manage team” and “update organization” permissions; ask an organization admin.'}
      </p>
      <ul className="role-cards">
        {list.map((r) => (
          <li key={r.key}>
            <div>
              <strong>{r.name}</strong> <span className="badge">{r.scope === 'org' ? 'all stores' : 'selected stores'}</span>
              {r.builtIn ? <span className="badge">{r.customized ? 'preset, edited here' : 'preset'}</span> : <span className="badge">custom</span>}
              <span className="badge">rank {r.rank}</span>
            </div>
            {r.useFor && <p className="muted use-for">Use for: {r.useFor}</p>}
            {r.legacyNames.length > 0 && <small className="muted">Formerly: {r.legacyNames.join(', ')}</small>}
            {admin.canManage && (
              <div className="row-actions">
                {r.builtIn && mayEditBuiltIn(r) && (
                  <button type="button" aria-label={`Edit role ${r.name}`} onClick={() => setEdit({ kind: 'builtin', role: r })}>
                    Edit
                  </button>
                )}
                {r.builtIn && r.customized && mayEditBuiltIn(r) && (
                  <button type="button" aria-label={`Reset to preset: ${r.name}`} onClick={() => setResetting(r)}>
                    Reset to preset
                  </button>
                )}
                {!r.builtIn && below(r) && (
                  <>
                    <button type="button" aria-label={`Edit role ${r.name}`} onClick={() => setEdit({ kind: 'edit', role: r })}>
                      Edit
                    </button>
                    <button type="button" className="danger" aria-label={`Delete role ${r.name}`} onClick={() => setDeleting(r)}>
                      Delete
                    </button>
                  </>
                )}
                {!r.builtIn && !below(r) && <small className="muted">Ranked at or above your own role: ask someone higher to change it.</small>}
              </div>
            )}
          </li>
        ))}
      </ul>
      <h2>Permissions matrix</h2>
      <TableWrap className="matrix" label="Permissions matrix">
        <table>
          <caption className="sr-only">Which role holds which permission</caption>
          <thead>
            <tr>
              <th scope="col">Permission</th>
              {list.map((r) => (
                <th scope="col" key={r.key}>
                  {r.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {modules.map((mod) => [
              <tr key={mod} className="module">
                <th scope="colgroup" colSpan={list.length + 1}>
                  {moduleLabel(mod)}
                </th>
              </tr>,
              ...PERMISSIONS.filter((p) => p.startsWith(`${mod}:`)).map((p) => (
                <tr key={p}>
                  <th scope="row">{sentenceCase(permissionInWords(p))}</th>
                  {list.map((r) => {
                    const has = r.permissions.includes(p) || r.orgWidePermissions?.includes(p);
                    const cond = r.conditionalPermissions?.find((c) => c.permissions.includes(p));
                    return (
                      <td key={r.key} className={has ? 'yes' : 'no'}>
                        {has ? '✓' : cond ? `if ${cond.on === 'settlement' ? 'payouts are settled' : 'billed'} per ${cond.billingLevel}` : ''}
                        <span className="sr-only">{has ? 'yes' : 'no'}</span>
                      </td>
                    );
                  })}
                </tr>
              )),
            ])}
          </tbody>
        </table>
      </TableWrap>
      {edit && <RoleEditor orgId={ws.orgId} edit={edit} admin={admin} roles={list} support={ws.support} onClose={() => setEdit(null)} onSaved={setDone} />}
      {resetting && (
        <ConfirmDialog
          needsReason={ws.support}
          title={`Reset “${resetting.name}” to the preset?`}
          confirmLabel="Reset role"
          body={<p>The role gets back the preset’s name and permissions; everyone holding it gets the change on their next click. Its current name stays usable as a former name.</p>}
          onClose={() => setResetting(null)}
          onConfirm={async (reason) => {
            await api('POST', `/orgs/${ws.orgId}/roles/${encodeURIComponent(resetting.key)}/reset`, reason ? { reason } : {});
            await qc.invalidateQueries({ queryKey: ['roles', ws.orgId] });
            setDone(`Role “${resetting.name}” reset to the preset.`);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          needsReason={ws.support}
          danger
          title={`Delete the role “${deleting.name}”?`}
          confirmLabel="Delete role"
          body={
            <>
              <p>
                The role disappears from the matrix and can no longer be given. Members who still hold it must be moved to another role first; the history of the role stays
                in the audit log.
              </p>
              <p>
                <Link to={`${ws.base}/team?role=${encodeURIComponent(deleting.key)}`}>See who holds “{deleting.name}”</Link>
              </p>
            </>
          }
          onClose={() => setDeleting(null)}
          onConfirm={async (reason) => {
            await api('DELETE', `/orgs/${ws.orgId}/roles/${encodeURIComponent(deleting.key)}`, reason ? { reason } : undefined);
            await qc.invalidateQueries({ queryKey: ['roles', ws.orgId] });
            setDone(`Role “${deleting.name}” deleted.`);
          }}
        />
      )}
    </section>
  );
}
