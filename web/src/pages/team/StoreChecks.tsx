import type { StoreT } from '../../types.js';

/** Checkboxes for the stores of a store-scoped role; only the stores the signed-in person may give. */
export function StoreChecks(props: { legend: string; stores: StoreT[]; selected: string[]; onChange: (ids: string[]) => void }) {
  if (props.stores.length === 0) return <p className="muted">No stores you can assign.</p>;
  return (
    <fieldset className="checks">
      <legend>{props.legend}</legend>
      {props.stores.map((s) => (
        <label key={s.id} className="check">
          <input
            type="checkbox"
            checked={props.selected.includes(s.id)}
            onChange={(e) => props.onChange(e.target.checked ? [...props.selected, s.id] : props.selected.filter((x) => x !== s.id))}
          />{' '}
          {s.name} ({s.code})
        </label>
      ))}
    </fieldset>
  );
}
