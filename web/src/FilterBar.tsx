import { type ReactNode, useId, useState, useSyncExternalStore } from 'react';
import { countOf } from '../../src/domain/plural.js';

const PHONE = '(max-width: 640px)';

function usePhone(): boolean {
  return useSyncExternalStore(
    (cb) => {
      const q = matchMedia(PHONE);
      q.addEventListener('change', cb);
      return () => q.removeEventListener('change', cb);
    },
    () => matchMedia(PHONE).matches,
  );
}

/**
 * A list's filters: one row on wide screens; on phones the `lead` (the search box, what people
 * use most) stays in view and the rest fold behind one "Filters" button that says how many are
 * set, so the list itself is on the first screen. The fields stay the caller's controlled
 * inputs, so folding loses nothing.
 */
export function FilterBar({ lead, children, active = 0, label = 'Filters' }: { lead?: ReactNode; children?: ReactNode; active?: number; label?: string }) {
  const phone = usePhone();
  const [open, setOpen] = useState(false);
  const id = useId();
  if (!phone || !children) {
    return (
      <search className="filters" aria-label={label}>
        {lead}
        {children}
      </search>
    );
  }
  return (
    <search className="filters-fold" aria-label={label}>
      {lead && <div className="filters">{lead}</div>}
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {open ? 'Hide filters' : lead ? 'More filters' : 'Filters'}
        {active > 0 && ` (${countOf(active, 'filter')} set)`}
      </button>
      <div id={id} className="filters" hidden={!open}>
        {children}
      </div>
    </search>
  );
}
