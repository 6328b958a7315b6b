import { keepPreviousData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { api, qs } from '../../api.js';
import { FilterBar } from '../../FilterBar.js';
import type { CustomerT, PageT } from '../../types.js';
import { ConfirmDialog, Dialog, Empty, ErrorNote, Field, Loading, TableWrap, useSubmit, useSupportCheck } from '../../ui.js';
import { useMyAccess } from '../my-access-data.js';
import type { Workspace } from '../team/workspace.js';

const PAGE = 50;

/** Add a customer account or rename it; the account number is optional. */
function CustomerDialog({ ws, customer, onClose }: { ws: Workspace; customer: CustomerT | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState(customer?.name ?? '');
  const [number, setNumber] = useState(customer?.number ?? '');
  const support = useSupportCheck(ws.support);
  const submit = useSubmit(async () => {
    const reason = support.reason ? { reason: support.reason } : {};
    if (customer) await api('PATCH', `/orgs/${ws.orgId}/customers/${customer.id}`, { name: name.trim(), number: number.trim() || null, ...reason });
    else await api('POST', `/orgs/${ws.orgId}/customers`, { name: name.trim(), ...(number.trim() ? { number: number.trim() } : {}), ...reason });
    await qc.invalidateQueries({ queryKey: ['customers', ws.orgId] });
    await qc.invalidateQueries({ queryKey: ['customer-search', ws.orgId] });
    onClose();
  });
  return (
    <Dialog title={customer ? `Edit ${customer.name}` : 'Add a customer account'} onClose={onClose}>
      <form onSubmit={submit.onSubmit}>
        <Field label="Account name" value={name} onChange={setName} required />
        <Field label="Account number (optional)" value={number} onChange={setNumber} hint="The number people know the account by, e.g. C-1042. Letters, digits, dots, dashes and slashes." />
        {support.fields}
        <ErrorNote error={submit.error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={submit.busy || !support.ready || !name.trim()}>
            {submit.busy ? 'Saving…' : customer ? 'Save changes' : 'Add account'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * Seed 002 "Customer accounts": staff administrators add, rename and delete them; partner users
 * see the accounts they look after. Searched on the server a page at a time.
 */
export function CustomersPage({ ws }: { ws: Workspace }) {
  const qc = useQueryClient();
  const access = useMyAccess(ws.support ? undefined : ws.orgId);
  const held = new Set(access.data?.orgWidePermissions ?? []);
  const canAdd = ws.support || held.has('customers:create');
  const canEdit = ws.support || held.has('customers:update');
  const canDelete = ws.support || held.has('customers:delete');
  const staff = ws.support || access.data?.audience === 'staff';
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const [editing, setEditing] = useState<CustomerT | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CustomerT | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['customers', ws.orgId, q],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api<PageT<CustomerT>>('GET', `/orgs/${ws.orgId}/customers${qs({ search: q, limit: PAGE, cursor: pageParam })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="customers-h">
      <div className="page-head">
        <h1 id="customers-h">Customer accounts</h1>
        {canAdd && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            Add customer account
          </button>
        )}
      </div>
      {!staff && access.data && <p className="muted">These are the customer accounts you look after.</p>}
      <FilterBar lead={<Field label="Find a customer account" type="search" value={search} onChange={setSearch} placeholder="Name or account number" />} />
      <ErrorNote error={list.error} />
      {list.isLoading ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty title={q ? 'No customer account matches that search.' : staff ? 'No customer accounts yet.' : 'You look after no customer account yet.'}>
          {!q && canAdd && <p>Use “Add customer account” to add the first one.</p>}
          {!q && !staff && <p>Ask your administrator to give you the accounts you work with.</p>}
        </Empty>
      ) : (
        <TableWrap label="Customer accounts">
          <table>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Account number</th>
                {(canEdit || canDelete) && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td data-label="Account">{c.name}</td>
                  <td data-label="Account number">{c.number ?? '—'}</td>
                  {(canEdit || canDelete) && (
                    <td data-label="Actions" className="row-actions">
                      {canEdit && (
                        <button type="button" onClick={() => setEditing(c)} aria-label={`Edit ${c.name}`}>
                          Edit
                        </button>
                      )}
                      {canDelete && (
                        <button type="button" className="danger" onClick={() => setDeleting(c)} aria-label={`Delete ${c.name}`}>
                          Delete
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
          {list.isFetchingNextPage ? 'Loading more…' : 'Show more accounts'}
        </button>
      )}
      {editing && <CustomerDialog ws={ws} customer={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          body={<p>The account is deleted, and the partner and customer users who work with it lose access to it. This cannot be undone.</p>}
          confirmLabel="Delete account"
          danger
          needsReason={ws.support}
          onConfirm={async (reason) => {
            await api('DELETE', `/orgs/${ws.orgId}/customers/${deleting.id}`, reason ? { reason } : undefined);
            await qc.invalidateQueries({ queryKey: ['customers', ws.orgId] });
            await qc.invalidateQueries({ queryKey: ['customer-search', ws.orgId] });
          }}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
