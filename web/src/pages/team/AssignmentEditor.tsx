import type { AssignmentT, MemberDetailT, RoleT, StoreT } from '../../types.js';
import { Select } from '../../ui.js';
import { lowestFirst, lowestRole } from './role-pick.js';
import { StoreChoice } from '../../StorePicker.js';

type Assignable = MemberDetailT['actions']['assignableRoles'][number];

/**
 * Edits role assignments, offering only the roles and stores the signed-in person may give
 * (the member detail's `actions`). An assignment outside the editor's reach is shown but locked.
 */
export function AssignmentEditor(props: {
  orgId: string;
  value: AssignmentT[];
  onChange: (v: AssignmentT[]) => void;
  assignable: Assignable[];
  roles: RoleT[];
  stores: StoreT[];
  /** Roles this member must keep, with why (the account owner keeps the top admin role). */
  lockedRoles?: Record<string, string>;
}) {
  const { value, onChange, assignable, roles, stores } = props;
  const can = (key: string) => assignable.find((a) => a.role === key);
  const roleOf = (key: string) => roles.find((r) => r.key === key);
  const set = (i: number, a: AssignmentT) => onChange(value.map((x, j) => (j === i ? a : x)));
  // Lowest first, and a new row starts at the lowest (least privilege: raise access later).
  const choices = lowestFirst(assignable.map((x) => ({ ...x, rank: roleOf(x.role)?.rank ?? 0 })));
  const lock = props.lockedRoles ?? {};
  return (
    <div className="assignments">
      {value.map((a, i) => {
        const grant = can(a.role);
        const role = roleOf(a.role);
        const kept = lock[a.role];
        if (!grant || kept) {
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: -- rows are edited in place and may repeat a role; the position is their identity
            <div key={`${a.role}-${i}`} className="assignment locked">
              <p>
                {role?.name ?? a.role}
                {a.storeIds?.length ? ` in ${a.storeIds.map((id) => stores.find((s) => s.id === id)?.name ?? 'a closed store').join(', ')}` : ' (all stores)'} —{' '}
                {kept ?? 'you cannot change this role.'}
              </p>
            </div>
          );
        }
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: -- rows are edited in place and may repeat a role; the position is their identity
          <div key={`${a.role}-${i}`} className="assignment">
            <Select
              label={`Role ${i + 1}`}
              value={a.role}
              onChange={(k) => set(i, roleOf(k)?.scope === 'store' ? { role: k, storeIds: [] } : { role: k })}
              options={choices.map((x) => ({ value: x.role, label: roleOf(x.role)?.name ?? x.role }))}
            />
            {role?.useFor && <p className="muted use-for">Use for: {role.useFor}</p>}
            {role?.scope === 'store' && (
              <StoreChoice
                orgId={props.orgId}
                legend={`Stores for role ${i + 1}`}
                allowed={grant.storeIds}
                selected={[...(a.storeIds ?? [])]}
                onChange={(ids) => set(i, { role: a.role, storeIds: ids })}
              />
            )}
            <button type="button" onClick={() => onChange(value.filter((_, j) => j !== i))}>
              Remove role {i + 1}
            </button>
          </div>
        );
      })}
      {assignable.length > 0 && (
        <button
          type="button"
          onClick={() => {
            const first = lowestRole(choices)!;
            onChange([...value, roleOf(first.role)?.scope === 'store' ? { role: first.role, storeIds: [] } : { role: first.role }]);
          }}
        >
          Add a role
        </button>
      )}
    </div>
  );
}
