import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, qs } from '../../api.js';
import { useRoles, useStores } from '../../org-data.js';
import type { AuditEventT, PageT } from '../../types.js';
import { Empty, ErrorNote, Field, Loading, TableWrap, when } from '../../ui.js';
import { type PersonName, usePeopleNames } from './people-names.js';
import type { Workspace } from './workspace.js';

function summary(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

/** A person by name with the email beneath; the raw id when the member is not known here. */
function Person({ id, people }: { id: string; people: Map<string, PersonName> }) {
  const p = people.get(id);
  if (!p) return <code>{id}</code>;
  return (
    <>
      {p.name} <small className="muted">{p.email}</small>
    </>
  );
}

/** Seed 002's User History: who changed what, filterable, with a CSV export for auditors. */
export function HistoryPage({ ws }: { ws: Workspace }) {
  const [action, setAction] = useState('');
  const [targetId, setTargetId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filters = { action, targetId, from: from ? new Date(from).toISOString() : '', to: to ? new Date(`${to}T23:59:59`).toISOString() : '' };
  const list = useInfiniteQuery({
    queryKey: ['audit', ws.orgId, filters],
    queryFn: ({ pageParam }) => api<PageT<AuditEventT>>('GET', `/orgs/${ws.orgId}/audit${qs({ ...filters, cursor: pageParam, limit: 50 })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const roles = useRoles(ws.orgId);
  const stores = useStores(ws.orgId);
  const people = usePeopleNames(ws.orgId, items.flatMap((e) => [e.actorId ?? '', e.targetType === 'user' ? (e.targetId ?? '') : ''].filter(Boolean)));
  const target = (e: AuditEventT) => {
    if (!e.targetType) return '—';
    if (!e.targetId) return e.targetType;
    if (e.targetType === 'user') return <Person id={e.targetId} people={people} />;
    if (e.targetType === 'role') return `role ${roles.data?.find((r) => r.key === e.targetId)?.name ?? e.targetId}`;
    if (e.targetType === 'store') return `store ${stores.data?.find((x) => x.id === e.targetId)?.name ?? e.targetId}`;
    return `${e.targetType} ${e.targetId}`;
  };
  return (
    <section aria-labelledby="hist-h">
      <div className="page-head">
        <h1 id="hist-h">User history</h1>
        <a className="button" href={`/api/v1/orgs/${ws.orgId}/audit/export.csv${qs(filters)}`} download>
          Export CSV
        </a>
      </div>
      <div className="filters">
        <Field label="Action (e.g. member.updated)" value={action} onChange={setAction} />
        <Field label="Target ID" value={targetId} onChange={setTargetId} />
        <Field label="From" type="date" value={from} onChange={setFrom} />
        <Field label="To" type="date" value={to} onChange={setTo} />
      </div>
      <ErrorNote error={list.error} />
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
                <th scope="col">Action</th>
                <th scope="col">Who</th>
                <th scope="col">Target</th>
                <th scope="col">Reason</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td data-label="When">{when(e.at)}</td>
                  <td data-label="Action">{e.action}</td>
                  <td data-label="Who">
                    {e.actorKind === 'platform' ? 'Support: ' : ''}
                    {e.actorId ? <Person id={e.actorId} people={people} /> : 'system'}
                  </td>
                  <td data-label="Target">{target(e)}</td>
                  <td data-label="Reason">{e.reason ?? '—'}</td>
                  <td data-label="Change">
                    <small>{summary(e.after)}</small>
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
