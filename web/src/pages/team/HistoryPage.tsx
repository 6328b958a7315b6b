import type { Static } from '@sinclair/typebox';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AuditFilterChoices } from '../../../../src/contracts/audit.contract.js';
import { api, qs } from '../../api.js';
import { FilterBar } from '../../FilterBar.js';
import type { AuditEventT, PageT } from '../../types.js';
import { Empty, ErrorNote, Field, Loading, Select, TableWrap, when } from '../../ui.js';
import type { Workspace } from './workspace.js';

type Choices = Static<typeof AuditFilterChoices>;

/** What changed, field by field: "Roles: Cashier in Old Town → Store manager in Old Town". */
function Changes({ changes }: { changes: AuditEventT['changes'] }) {
  if (changes.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="history-changes">
      {changes.map((c) => (
        <li key={c.field}>
          <strong>{c.field}:</strong> <span className="history-before">{c.before}</span> → <span className="history-after">{c.after}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Seed 002's User History, read as sentences (issue 16 item 5): who did what to whom, where,
 * the change before → after in words, filters picked from lists; a CSV export for auditors.
 */
export function HistoryPage({ ws }: { ws: Workspace }) {
  const [personId, setPersonId] = useState('');
  const [action, setAction] = useState('');
  const [storeId, setStoreId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filters = {
    personId,
    action,
    storeId,
    from: from ? new Date(`${from}T00:00:00`).toISOString() : '',
    to: to ? new Date(`${to}T23:59:59.999`).toISOString() : '',
  };
  const choices = useQuery({ queryKey: ['audit-choices', ws.orgId], queryFn: () => api<Choices>('GET', `/orgs/${ws.orgId}/audit/choices`) });
  const list = useInfiniteQuery({
    queryKey: ['audit', ws.orgId, filters],
    queryFn: ({ pageParam }) => api<PageT<AuditEventT>>('GET', `/orgs/${ws.orgId}/audit${qs({ ...filters, cursor: pageParam, limit: 50 })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const c = choices.data;
  return (
    <section aria-labelledby="hist-h">
      <div className="page-head">
        <h1 id="hist-h">User history</h1>
        <a className="button" href={`/api/v1/orgs/${ws.orgId}/audit/export.csv${qs(filters)}`} download>
          Export CSV
        </a>
      </div>
      <FilterBar active={[personId, action, storeId, from, to].filter(Boolean).length}>
        <Select
          label="Person"
          value={personId}
          onChange={setPersonId}
          options={[{ value: '', label: 'Everyone' }, ...(c?.people ?? []).map((p) => ({ value: p.id, label: p.name === p.email ? p.name : `${p.name} (${p.email})` }))]}
        />
        <Select label="What happened" value={action} onChange={setAction} options={[{ value: '', label: 'Any change' }, ...(c?.actions ?? []).map((a) => ({ value: a.action, label: a.label }))]} />
        <Select label="Store" value={storeId} onChange={setStoreId} options={[{ value: '', label: 'Any store' }, ...(c?.stores ?? []).map((s) => ({ value: s.id, label: s.name }))]} />
        <Field label="From" type="date" value={from} onChange={setFrom} />
        <Field label="To" type="date" value={to} onChange={setTo} />
      </FilterBar>
      <ErrorNote error={list.error ?? choices.error} />
      {list.isLoading ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty title="No changes recorded for these filters." />
      ) : (
        <TableWrap label="User history">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What happened</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td data-label="When">{when(e.at)}</td>
                  <td data-label="What happened">
                    {e.summary}
                    {e.reason && e.actorKind !== 'platform' ? (
                      <>
                        <br />
                        <small className="muted">Reason given: {e.reason}</small>
                      </>
                    ) : null}
                  </td>
                  <td data-label="Change">
                    <Changes changes={e.changes} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {list.hasNextPage && (
        <button type="button" onClick={() => list.fetchNextPage()}>
          Show older
        </button>
      )}
    </section>
  );
}
