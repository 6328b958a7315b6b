import { PERMISSIONS } from '../../../../src/domain/permissions.js';
import { useRoles } from '../../org-data.js';
import { ErrorNote, Loading, TableWrap } from '../../ui.js';
import type { Workspace } from './workspace.js';

/** Roles (permission groups) and the permissions matrix: presets and custom roles, highest rank first. */
export function RolesPage({ ws }: { ws: Workspace }) {
  const roles = useRoles(ws.orgId);
  if (roles.isLoading) return <Loading />;
  const list = [...(roles.data ?? [])].sort((a, b) => b.rank - a.rank);
  const modules = [...new Set(PERMISSIONS.map((p) => p.split(':')[0]!))];
  return (
    <section aria-labelledby="roles-h">
      <h1 id="roles-h">Roles</h1>
      <ErrorNote error={roles.error} />
      <p className="muted">Higher roles are listed first; people can only give roles below their own.</p>
      <ul className="role-cards">
        {list.map((r) => (
          <li key={r.key}>
            <strong>{r.name}</strong> <span className="badge">{r.scope === 'org' ? 'all stores' : 'selected stores'}</span>
            {r.builtIn ? <span className="badge">preset</span> : <span className="badge">custom</span>}
            {r.legacyNames.length > 0 && <small> (formerly {r.legacyNames.join(', ')})</small>}
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
            {modules.map((mod) =>
              PERMISSIONS.filter((p) => p.startsWith(`${mod}:`)).map((p) => (
                <tr key={p}>
                  <th scope="row">{p}</th>
                  {list.map((r) => {
                    const has = r.permissions.includes(p) || r.orgWidePermissions?.includes(p);
                    const cond = r.conditionalPermissions?.find((c) => c.permissions.includes(p));
                    return (
                      <td key={r.key} className={has ? 'yes' : 'no'}>
                        {has ? '✓' : cond ? `if billed per ${cond.billingLevel}` : ''}
                        <span className="sr-only">{has ? 'yes' : 'no'}</span>
                      </td>
                    );
                  })}
                </tr>
              )),
            )}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
