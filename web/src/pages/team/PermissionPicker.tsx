import { ACCESS_LEVELS, type AccessLevel, MODULES, type Module, PERMISSIONS, type Permission, permissionsForLevel, STATEMENT } from '../../../../src/domain/permissions.js';

const LEVEL_LABEL: Record<AccessLevel, string> = { NONE: 'None', VIEW: 'View', EDIT: 'Edit', FULL: 'Full' };
const LEVEL_HINT: Record<AccessLevel, string> = {
  NONE: 'nothing',
  VIEW: 'read and download',
  EDIT: 'view plus create and update',
  FULL: 'everything, including delete and special actions',
};

/** "bank_accounts" → "Bank accounts". */
export function moduleLabel(m: string): string {
  const s = m.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * Permissions picked from the catalogue, one group per module, with the NONE / VIEW / EDIT /
 * FULL shortcuts profile screens use (seed 002; `permissionsForLevel`). When `held` is given,
 * permissions outside it are shown but locked: the API refuses a role with more than its author
 * holds (src/services/roles.ts `assertCustomRoleShape`).
 */
export function PermissionPicker(props: {
  value: readonly Permission[];
  onChange: (v: Permission[]) => void;
  held: ReadonlySet<string> | null;
  /** Tells a second picker on the same form apart to screen readers, e.g. "All stores". */
  scope?: string;
}) {
  const { value, onChange, held } = props;
  const named = (s: string) => (props.scope ? `${props.scope} — ${s}` : s);
  const may = (p: string) => held === null || held.has(p);
  const setModule = (m: Module, perms: Permission[]) => onChange([...value.filter((p) => !p.startsWith(`${m}:`)), ...perms]);
  return (
    <div className="perm-picker">
      {!PERMISSIONS.every(may) && <p className="hint">Locked boxes are permissions you do not hold yourself; nobody can give more than they have.</p>}
      {MODULES.map((m) => {
        const inModule = value.filter((p) => p.startsWith(`${m}:`));
        const level = ACCESS_LEVELS.find((l) => sameSet(permissionsForLevel(m, l), inModule));
        return (
          <fieldset key={m} className="perm-module">
            <legend>
              {moduleLabel(m)} <small className="muted">{level ? `— ${LEVEL_LABEL[level]}` : '— custom'}</small>
            </legend>
            {/* biome-ignore lint/a11y/useSemanticElements: -- a group of toggle buttons, not a form fieldset inside the fieldset */}
            <div className="levels" role="group" aria-label={named(`${moduleLabel(m)} access level`)}>
              {ACCESS_LEVELS.map((l) => {
                const perms = permissionsForLevel(m, l);
                return (
                  <button
                    key={l}
                    type="button"
                    className="level-btn"
                    aria-pressed={level === l}
                    aria-label={named(`${moduleLabel(m)}: ${LEVEL_LABEL[l]} access`)}
                    title={LEVEL_HINT[l]}
                    disabled={!perms.every(may)}
                    onClick={() => setModule(m, perms)}
                  >
                    {LEVEL_LABEL[l]}
                  </button>
                );
              })}
            </div>
            <div className="perm-checks">
              {STATEMENT[m].map((action) => {
                const p = `${m}:${action}` as Permission;
                const on = value.includes(p);
                return (
                  <label key={p} className="check">
                    <input
                      type="checkbox"
                      checked={on}
                      // A held-back permission already in the role can still be taken out.
                      disabled={!on && !may(p)}
                      onChange={(e) => onChange(e.target.checked ? [...value, p] : value.filter((x) => x !== p))}
                    />
                    <span>
                      {action}
                      <span className="sr-only"> ({named(moduleLabel(m))})</span>
                    </span>
                  </label>
                );
              })}
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}
