import { keepPreviousData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, qs } from '../../api.js';
import type { PageT, StoreT } from '../../types.js';
import { ConfirmDialog, Dialog, Empty, ErrorNote, Field, Loading, Select, TableWrap, useSubmit, useSupportCheck } from '../../ui.js';
import { useMyAccess } from '../my-access-data.js';
import type { Workspace } from './workspace.js';

const PAGE = 50;

/** Add or edit one store: its name, its short code, and its address. */
function StoreDialog({ ws, store, onClose }: { ws: Workspace; store: StoreT | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState(store?.name ?? '');
  const [code, setCode] = useState(store?.code ?? '');
  const [address, setAddress] = useState(store?.address ?? '');
  const support = useSupportCheck(ws.support);
  const submit = useSubmit(async () => {
    const body = { name: name.trim(), code: code.trim(), address: address.trim(), ...(support.reason ? { reason: support.reason } : {}) };
    if (store) await api('PATCH', `/orgs/${ws.orgId}/stores/${store.id}`, body);
    else await api('POST', `/orgs/${ws.orgId}/stores`, body);
    await qc.invalidateQueries({ queryKey: ['stores', ws.orgId] });
    await qc.invalidateQueries({ queryKey: ['store-list', ws.orgId] });
    await qc.invalidateQueries({ queryKey: ['me'] });
    onClose();
  });
  return (
    <Dialog title={store ? `Edit ${store.name}` : 'Add a store'} onClose={onClose}>
      <form onSubmit={submit.onSubmit}>
        <Field label="Store name" value={name} onChange={setName} required />
        <Field label="Short code" value={code} onChange={setCode} required hint="Letters and numbers people recognise the store by, e.g. OLDTOWN or S12." />
        <Field label="Address" value={address} onChange={setAddress} />
        {support.fields}
        <ErrorNote error={submit.error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={submit.busy || !support.ready || !name.trim() || !code.trim()}>
            {submit.busy ? 'Saving…' : store ? 'Save changes' : 'Add store'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * The org's stores after onboarding: add, edit, close and reopen them (issue 16 item 6). The
 * list is searched on the server and read a page at a time, so it stays usable at 500 stores.
 */
export function StoresPage({ ws }: { ws: Workspace }) {
  const qc = useQueryClient();
  // Support staff act for the merchant (every change with the requester check and a reason);
  // they have no access of their own to ask about.
  const access = useMyAccess(ws.support ? undefined : ws.orgId);
  const held = new Set(access.data?.orgWidePermissions ?? []);
  const canAdd = ws.support || held.has('stores:create');
  const canEdit = ws.support || held.has('stores:update');
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState('active');
  const [editing, setEditing] = useState<StoreT | 'new' | null>(null);
  const [closing, setClosing] = useState<StoreT | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['store-list', ws.orgId, search.trim(), status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api<PageT<StoreT>>('GET', `/orgs/${ws.orgId}/stores${qs({ search: search.trim(), status, limit: PAGE, cursor: pageParam })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While a new search loads, the last answer stays on screen instead of a flash of "Loading…".
    placeholderData: keepPreviousData,
  });
  const stores = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="stores-h">
      <div className="page-head">
        <h1 id="stores-h">Stores</h1>
        {canAdd && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            Add store
          </button>
        )}
      </div>
      <div className="filters">
        <Field label="Find a store" type="search" value={search} onChange={setSearch} placeholder="Name, code or address" />
        <Select
          label="Show"
          value={status}
          onChange={setStatus}
          options={[
            { value: 'active', label: 'Open stores' },
            { value: 'archived', label: 'Closed stores' },
            { value: '', label: 'All stores' },
          ]}
        />
      </div>
      <ErrorNote error={list.error} />
      {list.isLoading ? (
        <Loading />
      ) : stores.length === 0 ? (
        <Empty title={search.trim() ? 'No store matches that search.' : status === 'archived' ? 'No closed stores.' : 'No stores here yet.'}>
          {canAdd && !search.trim() && status !== 'archived' && <p>Use “Add store” to add your first one.</p>}
        </Empty>
      ) : (
        <TableWrap label="Stores">
          <table>
            <thead>
              <tr>
                <th scope="col">Store</th>
                <th scope="col">Code</th>
                <th scope="col">Address</th>
                <th scope="col">Status</th>
                {canEdit && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {stores.map((s) => (
                <tr key={s.id}>
                  <td data-label="Store">{s.name}</td>
                  <td data-label="Code">{s.code}</td>
                  <td data-label="Address">{s.address || '—'}</td>
                  <td data-label="Status">
                    <span className={`badge badge-${s.status}`}>{s.status === 'active' ? 'Open' : 'Closed'}</span>
                  </td>
                  {canEdit && (
                    <td data-label="Actions" className="row-actions">
                      <button type="button" onClick={() => setEditing(s)} aria-label={`Edit ${s.name}`}>
                        Edit
                      </button>
                      {s.status === 'active' ? (
                        <button type="button" className="danger" onClick={() => setClosing(s)} aria-label={`Close ${s.name}`}>
                          Close
                        </button>
                      ) : (
                        <button type="button" onClick={() => setClosing(s)} aria-label={`Reopen ${s.name}`}>
                          Reopen
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? 'Loading more…' : 'Show more stores'}
        </button>
      )}
      {editing && <StoreDialog ws={ws} store={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {closing && (
        <ConfirmDialog
          title={closing.status === 'active' ? `Close ${closing.name}?` : `Reopen ${closing.name}?`}
          body={
            closing.status === 'active' ? (
              <p>A closed store shows as closed and drops out of the store lists people pick from. Its history stays, and you can reopen it at any time.</p>
            ) : (
              <p>The store shows as open again and is back in the store lists people pick from.</p>
            )
          }
          confirmLabel={closing.status === 'active' ? 'Close store' : 'Reopen store'}
          danger={closing.status === 'active'}
          needsReason={ws.support}
          onConfirm={async (reason) => {
            await api('PATCH', `/orgs/${ws.orgId}/stores/${closing.id}`, { status: closing.status === 'active' ? 'archived' : 'active', reason });
            await qc.invalidateQueries({ queryKey: ['stores', ws.orgId] });
            await qc.invalidateQueries({ queryKey: ['store-list', ws.orgId] });
            await qc.invalidateQueries({ queryKey: ['me'] });
          }}
          onClose={() => setClosing(null)}
        />
      )}
    </section>
  );
}
