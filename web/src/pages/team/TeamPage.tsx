import { useInfiniteQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { ApiError, api, qs } from '../../api.js';
import { FilterBar } from '../../FilterBar.js';
import { describeAssignment, useInviteOptions, useRoles, useStores } from '../../org-data.js';
import { Link, useSearch } from '../../router.js';
import type { MemberT, PageT } from '../../types.js';
import { Empty, ErrorNote, Field, Loading, Select, StatusBadge, TableWrap, when } from '../../ui.js';
import { useCommerce } from '../commerce/AudienceGrant.js';
import { AUDIENCE_WORDS } from '../commerce/commerce-data.js';
import { InviteDialog } from './InviteDialog.js';
import { useInvitedRows } from './InvitedRows.js';
import type { Workspace } from './workspace.js';

/** The Team / Users page (seeds 001, 003, 004): keyset-paged so it stays fast at 100,000 members. */
export function TeamPage({ ws }: { ws: Workspace }) {
  const [search, setSearch] = useState('');
  // `?role=` preselects the filter: the Roles page links here to show who still holds a role.
  const [role, setRole] = useState(useSearch().get('role') ?? '');
  const [storeId, setStoreId] = useState('');
  const [status, setStatus] = useState('');
  // Commerce orgs (seed 002): staff, partner and customer users in one list, told apart.
  const { commerce, myAudience } = useCommerce(ws);
  const [audience, setAudience] = useState('');
  const [inviting, setInviting] = useState<'invite' | 'create' | null>(null);
  const q = useDeferredValue(search);
  const roles = useRoles(ws.orgId);
  const stores = useStores(ws.orgId);
  const options = useInviteOptions(ws.orgId);
  const invited = useInvitedRows(ws, { search: q, role, storeId, status, audience, audienceColumn: commerce });
  const members = useInfiniteQuery({
    enabled: status !== 'invited',
    queryKey: ['members', ws.orgId, q, role, storeId, status, audience],
    queryFn: ({ pageParam }) => api<PageT<MemberT>>('GET', `/orgs/${ws.orgId}/members${qs({ search: q, role, storeId, status, audience, cursor: pageParam, limit: 50 })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = status === 'invited' ? [] : (members.data?.pages.flatMap((p) => p.items) ?? []);
  const filtered = q !== '' || role !== '' || storeId !== '' || status !== '' || audience !== '';
  // Someone without team access (an old link, a typed address) is sent to their own access
  // page in plain words, not shown the refusal's reasons.
  if (members.error instanceof ApiError && members.error.status === 403 && !ws.support) {
    return (
      <section aria-labelledby="team-h">
        <h1 id="team-h">Team</h1>
        <Empty title="The team list is for the people who manage the team.">
          <p>
            See <Link to={`${ws.base}/my-access`}>My access</Link> for your stores, what your roles let you do and whom to ask for more.
          </p>
        </Empty>
      </section>
    );
  }
  return (
    <section aria-labelledby="team-h">
      <div className="page-head">
        <h1 id="team-h">{ws.support ? 'Access / IAM' : 'Team'}</h1>
        {options.data?.canInvite && (
          <div className="row-actions">
            {!ws.support && <Link to={`${ws.base}/import`}>Import from a file</Link>}
            <button type="button" onClick={() => setInviting('create')}>
              Create user
            </button>
            <button type="button" className="primary" onClick={() => setInviting('invite')}>
              Invite user
            </button>
          </div>
        )}
      </div>
      {options.data && !options.data.canInvite && !ws.support && (
        <p className="muted">
          You can see the team but not invite people or change their access. <Link to={`${ws.base}/my-access`}>My access</Link> names the admins who can.
        </p>
      )}
      {inviting && <InviteDialog ws={ws} create={inviting === 'create'} onClose={() => setInviting(null)} />}
      <FilterBar active={[role, storeId, status, audience].filter(Boolean).length} lead={<Field label="Search name or email" value={search} onChange={setSearch} type="search" />}>
        {commerce && myAudience === 'staff' && (
          <Select
            label="Audience"
            value={audience}
            onChange={setAudience}
            options={[
              { value: '', label: 'Everyone' },
              { value: 'staff', label: 'Staff' },
              { value: 'partner', label: 'Partners' },
              { value: 'customer', label: 'Customers' },
            ]}
          />
        )}
        <Select label="Role" value={role} onChange={setRole} options={[{ value: '', label: 'Any role' }, ...(roles.data ?? []).map((r) => ({ value: r.key, label: r.name }))]} />
        <Select label="Store" value={storeId} onChange={setStoreId} options={[{ value: '', label: 'Any store' }, ...(stores.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))]} />
        <Select
          label="Status"
          value={status}
          onChange={setStatus}
          options={[
            { value: '', label: 'Any status' },
            { value: 'active', label: 'Active' },
            { value: 'invited', label: 'Invited' },
            { value: 'suspended', label: 'Suspended' },
            { value: 'deactivated', label: 'Deactivated' },
          ]}
        />
      </FilterBar>
      <ErrorNote error={members.error} />
      {invited.notice}
      {invited.dialog}
      {members.isLoading || invited.isLoading ? (
        <Loading />
      ) : items.length === 0 && invited.count === 0 ? (
        <Empty title={filtered ? 'No one matches these filters.' : 'No team members yet.'}>
          {filtered ? <p>Clear the search or pick another role, store or status.</p> : options.data?.canInvite ? <p>Use “Invite user” to add the first person.</p> : null}
        </Empty>
      ) : (
        <TableWrap label="Team members">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                {commerce && <th scope="col">Audience</th>}
                <th scope="col">Roles and stores</th>
                <th scope="col">Status</th>
                <th scope="col">Last seen</th>
                {invited.count > 0 && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {invited.rows}
              {items.map((m) => (
                <tr key={m.userId}>
                  <td data-label="Name">
                    <Link to={`${ws.base}/team/${m.userId}`}>
                      {m.firstName} {m.lastName}
                    </Link>
                    {m.isOwner && <span className="badge">account owner</span>}
                  </td>
                  <td data-label="Email">{m.email}</td>
                  {commerce && <td data-label="Audience">{AUDIENCE_WORDS[m.audience]}</td>}
                  <td data-label="Roles">{m.roles.map((a) => describeAssignment(a, roles.data, stores.data)).join('; ') || '—'}</td>
                  <td data-label="Status">
                    <StatusBadge status={m.status} />
                  </td>
                  <td data-label="Last seen">{when(m.lastSeenAt)}</td>
                  {/* Member changes happen on their page (the name), which offers only what the API
                      allows; the column is there only for invitations' resend and cancel. */}
                  {invited.count > 0 && (
                    <td data-label="Actions" className="row-actions">
                      <span aria-hidden="true">—</span>
                      <span className="sr-only">Changes are made on their page</span>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {members.hasNextPage && (
        <button type="button" onClick={() => members.fetchNextPage()} disabled={members.isFetchingNextPage}>
          {members.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  );
}
