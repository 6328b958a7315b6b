import { PERMISSIONS } from '../../../../src/domain/permissions.js';
import type { OverrideT, StoreT } from '../../types.js';
import { Select } from '../../ui.js';

/** Seed 004: individual flags on one user take precedence over the permission group; use sparingly. */
export function OverridesEditor(props: { value: OverrideT[]; onChange: (v: OverrideT[]) => void; stores: StoreT[] }) {
  const { value, onChange, stores } = props;
  const set = (i: number, o: OverrideT) => onChange(value.map((x, j) => (j === i ? o : x)));
  return (
    <div className="overrides">
      {value.length === 0 && <p className="muted">No individual overrides: everything comes from the roles.</p>}
      {value.map((o, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: -- rows are edited in place and may repeat a role; the position is their identity
        <div key={`${o.permission}-${i}`} className="override">
          <Select label={`Permission ${i + 1}`} value={o.permission} onChange={(p) => set(i, { ...o, permission: p as OverrideT['permission'] })} options={PERMISSIONS.map((p) => ({ value: p, label: p }))} />
          <Select
            label={`Effect ${i + 1}`}
            value={o.effect}
            onChange={(e) => set(i, { ...o, effect: e as 'allow' | 'deny' })}
            options={[
              { value: 'allow', label: 'Allow' },
              { value: 'deny', label: 'Deny' },
            ]}
          />
          <Select
            label={`Where ${i + 1}`}
            value={o.storeId ?? ''}
            onChange={(s) => set(i, s ? { permission: o.permission, effect: o.effect, storeId: s } : { permission: o.permission, effect: o.effect })}
            options={[{ value: '', label: 'Every store' }, ...stores.map((s) => ({ value: s.id, label: s.name }))]}
          />
          <button type="button" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            Remove override {i + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...value, { permission: PERMISSIONS[0]!, effect: 'allow' }])}>
        Add an override
      </button>
    </div>
  );
}
