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
 * A list's filters: a row on wide screens; on phones folded behind one "Filters" button (saying
 * how many are set) so the list itself is on the first screen. The fields stay the caller's
 * controlled inputs, so folding loses nothing.
 */
export function FilterBar({ children, active = 0, label = 'Filters' }: { children: ReactNode; active?: number; label?: string }) {
  const phone = usePhone();
  const [open, setOpen] = useState(false);
  const id = useId();
  if (!phone) {
    return (
      <search className="filters" aria-label={label}>
        {children}
      </search>
    );
  }
  return (
    <search className="filters-fold" aria-label={label}>
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {open ? 'Hide filters' : 'Filters'}
        {active > 0 && ` (${countOf(active, 'filter')} set)`}
      </button>
      <div id={id} className="filters" hidden={!open}>
        {children}
      </div>
    </search>
  );
}
