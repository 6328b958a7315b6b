import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import { api, qs } from './api.js';
import { Combobox } from './Combobox.js';
import { useStores } from './org-data.js';
import { StoreChecks } from './pages/team/StoreChecks.js';
import { useMe } from './session.js';
import type { PageT, StoreT } from './types.js';

/** Up to this many stores are plain checkboxes or a plain list; above it people type to find one. */
export const FEW_STORES = 8;
/** How many matches the searchable list shows at once; typing narrows it. */
const SHOWN = 20;

const storeLabel = (s: { name: string; code: string }) => `${s.name} (${s.code})`;

function matches(s: { name: string; code: string; address?: string }, text: string): boolean {
  const t = text.trim().toLowerCase();
  return t === '' || s.name.toLowerCase().includes(t) || s.code.toLowerCase().includes(t) || (s.address ?? '').toLowerCase().includes(t);
}

/**
 * Open stores matching `text`: searched on the server (`GET /orgs/{orgId}/stores?search=`) when
 * the person may give every store, so it stays quick at any number of stores; filtered here when
 * they may give only a named few (those are known already, and a server page of matches could
 * hold none of theirs).
 */
function useStoreMatches(orgId: string, text: string, allowed: 'all' | readonly StoreT[], exclude: readonly string[]) {
  const q = useDeferredValue(text.trim());
  const server = useQuery({
    queryKey: ['store-search', orgId, q],
    enabled: allowed === 'all',
    queryFn: () => api<PageT<StoreT>>('GET', `/orgs/${orgId}/stores${qs({ search: q, status: 'active', limit: SHOWN + exclude.length })}`).then((p) => p.items),
    placeholderData: keepPreviousData,
  });
  const found = allowed === 'all' ? (server.data ?? []) : allowed.filter((s) => matches(s, q));
  return { options: found.filter((s) => !exclude.includes(s.id)).slice(0, SHOWN), busy: allowed === 'all' && server.isFetching };
}

/**
 * The stores of a store-scoped role, in the invite and member dialogs: checkboxes for a few
 * stores; above that, the chosen stores as a list (each with Remove) and a searchable picker to
 * add one, so picking among 500 stores means typing part of a name, code or address.
 */
export function StoreChoice(props: { orgId: string; legend: string; allowed: 'all' | readonly string[]; selected: string[]; onChange: (ids: string[]) => void }) {
  const stores = useStores(props.orgId);
  const [text, setText] = useState('');
  const open = (stores.data ?? []).filter((s) => s.status === 'active');
  const allowedList = props.allowed === 'all' ? open : open.filter((s) => props.allowed.includes(s.id));
  const m = useStoreMatches(props.orgId, text, props.allowed === 'all' ? 'all' : allowedList, props.selected);
  const legendId = useId();
  if (allowedList.length <= FEW_STORES) return <StoreChecks legend={props.legend} stores={allowedList} selected={props.selected} onChange={props.onChange} />;
  const nameOf = (id: string) => {
    const s = (stores.data ?? []).find((x) => x.id === id);
    return s ? storeLabel(s) : 'a store';
  };
  return (
    <fieldset className="store-choice" aria-labelledby={legendId}>
      <legend id={legendId}>{props.legend}</legend>
      {props.selected.length === 0 ? (
        <p className="muted">No store chosen yet.</p>
      ) : (
        <ul className="chosen-stores" aria-label={`Chosen: ${props.legend.toLowerCase()}`}>
          {props.selected.map((id) => (
            <li key={id}>
              {nameOf(id)}{' '}
              <button type="button" className="chip-remove" aria-label={`Remove ${nameOf(id)}`} onClick={() => props.onChange(props.selected.filter((x) => x !== id))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <Combobox
        label={`Add a store to ${props.legend.toLowerCase()}`}
        text={text}
        onText={setText}
        options={m.options}
        optionKey={(s) => s.id}
        optionLabel={storeLabel}
        onPick={(s) => {
          props.onChange([...props.selected, s.id]);
          setText('');
        }}
        busy={m.busy}
        empty="No open store matches; try part of the name, code or address."
        hint="Type part of a store’s name, code or address, then pick it from the list."
      />
    </fieldset>
  );
}

/**
 * Seed 004: cross-store users switch between their stores in the top bar. A plain list for a
 * few stores; above that a searchable picker over the member's own stores (already in `/me`).
 */
export function StoreSwitcher({ orgId }: { orgId: string | undefined }) {
  const me = useMe();
  const qc = useQueryClient();
  const id = useId();
  const [error, setError] = useState('');
  const [text, setText] = useState<string | null>(null);
  const m = me.memberships.find((x) => x.org.id === orgId);
  if (!m || m.stores.length === 0) return null;
  if (m.stores.length === 1) return <span className="store-name">Store: {m.stores[0]!.name}</span>;
  const current = me.currentOrgId === orgId ? (me.currentStoreId ?? '') : '';
  const switchTo = async (storeId: string) => {
    setError('');
    try {
      await api('PUT', '/me/store', { orgId, storeId });
      await qc.invalidateQueries({ queryKey: ['me'] });
    } catch {
      setError('Could not switch store; reload and try again.');
    }
  };
  const currentStore = m.stores.find((s) => s.id === current);
  if (m.stores.length <= FEW_STORES) {
    return (
      <div className="picker">
        <label htmlFor={id}>Store</label>
        <select id={id} value={current} onChange={(e) => switchTo(e.target.value)}>
          {current === '' && <option value="">Pick a store…</option>}
          {m.stores.map((s) => (
            <option key={s.id} value={s.id}>
              {storeLabel(s)}
            </option>
          ))}
        </select>
        {error && <span role="alert">{error}</span>}
      </div>
    );
  }
  return (
    <div className="picker">
      <Combobox
        className="switcher"
        label="Store"
        text={text ?? (currentStore ? storeLabel(currentStore) : '')}
        onText={setText}
        placeholder={currentStore ? storeLabel(currentStore) : 'Type to find a store…'}
        options={m.stores.filter((s) => matches(s, text ?? '')).slice(0, SHOWN)}
        optionKey={(s) => s.id}
        optionLabel={storeLabel}
        onPick={(s) => {
          setText(null);
          if (s.id !== current) void switchTo(s.id);
        }}
        onFocus={() => setText('')}
        onBlur={() => setText(null)}
        empty="None of your stores matches."
      />
      {error && <span role="alert">{error}</span>}
    </div>
  );
}
