import type { Static } from '@sinclair/typebox';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import type { SupportInvitation, SupportPerson } from '../../../../src/contracts/support-lists.contract.js';
import { api, qs } from '../../api.js';
import { FilterBar } from '../../FilterBar.js';
import { Link, navigate, useSearch } from '../../router.js';
import type { PageT } from '../../types.js';
import { Empty, ErrorNote, Field, Loading, Select, StatusBadge, TableWrap, when } from '../../ui.js';

type PersonT = Static<typeof SupportPerson>;
type InvitationT = Static<typeof SupportInvitation>;

const PEOPLE_STATES = [
  { value: 'member', label: 'Members of an organization' },
  { value: 'locked', label: 'Sign-in locked now' },
  { value: 'deactivated', label: 'Deactivated accounts' },
  { value: '', label: 'Everyone' },
];

/** The filter lives in the address (`?state=`), so a dashboard tile links straight to its list. */
function useStateParam(fallback: string): [string, (v: string) => void] {
  const state = useSearch().get('state') ?? fallback;
  return [state, (v) => navigate(`${location.pathname}${qs({ state: v })}`, true)];
}

/** The people a dashboard tile counts (members, locked, deactivated), each with their orgs and a way to troubleshoot them. */
export function PeopleList() {
  const [state, setState] = useStateParam('member');
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const res = useQuery({
    queryKey: ['support-people', state, q],
    queryFn: () => api<PageT<PersonT>>('GET', `/support/people${qs({ state, search: q, limit: 100 })}`),
    placeholderData: keepPreviousData,
  });
  const title = PEOPLE_STATES.find((s) => s.value === state)?.label ?? 'People';
  return (
    <section aria-labelledby="people-h">
      <p>
        <Link to="/support">← Dashboard</Link>
      </p>
      <h1 id="people-h">{title}</h1>
      <FilterBar lead={<Field label="Name or email" type="search" value={search} onChange={setSearch} />} active={state === 'member' ? 0 : 1}>
        <Select label="Show" value={state} onChange={setState} options={PEOPLE_STATES} />
      </FilterBar>
      <ErrorNote error={res.error} />
      {res.isLoading ? (
        <Loading />
      ) : !res.data?.items.length ? (
        <Empty title="Nobody here." />
      ) : (
        <TableWrap label={title}>
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Account</th>
                <th scope="col">Organizations</th>
              </tr>
            </thead>
            <tbody>
              {res.data.items.map((p) => (
                <tr key={p.userId}>
                  <td data-label="Name">
                    <Link to={`/support/troubleshoot${qs({ email: p.email })}`}>
                      {p.firstName} {p.lastName}
                    </Link>
                  </td>
                  <td data-label="Email">{p.email}</td>
                  <td data-label="Account">
                    <StatusBadge status={p.status} />
                    {p.lockedUntil && new Date(p.lockedUntil) > new Date() && <small className="muted"> locked until {when(p.lockedUntil)}</small>}
                  </td>
                  <td data-label="Organizations">
                    {p.orgs.length === 0
                      ? '—'
                      : p.orgs.map((o, i) => (
                          <span key={o.id}>
                            {i > 0 && ', '}
                            <Link to={`/support/orgs/${o.id}/team`}>{o.name}</Link>
                          </span>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {res.data && res.data.items.length >= 100 && <p className="muted">Showing the first 100; search to narrow the list.</p>}
    </section>
  );
}

/** The invitations a dashboard tile counts: pending (still valid) or expired, across every org. */
export function InvitationList() {
  const [state, setState] = useStateParam('pending');
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const res = useQuery({
    queryKey: ['support-invitations', state, q],
    queryFn: () => api<PageT<InvitationT>>('GET', `/support/invitations${qs({ state, search: q, limit: 100 })}`),
    placeholderData: keepPreviousData,
  });
  const title = state === 'expired' ? 'Expired invitations' : 'Pending invitations';
  return (
    <section aria-labelledby="sinv-h">
      <p>
        <Link to="/support">← Dashboard</Link>
      </p>
      <h1 id="sinv-h">{title}</h1>
      <FilterBar lead={<Field label="Email or organization" type="search" value={search} onChange={setSearch} />} active={state === 'pending' ? 0 : 1}>
        <Select
          label="Show"
          value={state}
          onChange={setState}
          options={[
            { value: 'pending', label: 'Pending' },
            { value: 'expired', label: 'Expired' },
          ]}
        />
      </FilterBar>
      <ErrorNote error={res.error} />
      {res.isLoading ? (
        <Loading />
      ) : !res.data?.items.length ? (
        <Empty title={state === 'expired' ? 'No expired invitations.' : 'No pending invitations.'} />
      ) : (
        <TableWrap label={title}>
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Organization</th>
                <th scope="col">{state === 'expired' ? 'Expired' : 'Expires'}</th>
              </tr>
            </thead>
            <tbody>
              {res.data.items.map((i) => (
                <tr key={i.id}>
                  <td data-label="Email">
                    <Link to={`/support/troubleshoot${qs({ email: i.email })}`}>{i.email}</Link>
                  </td>
                  <td data-label="Name">{[i.firstName, i.lastName].filter(Boolean).join(' ') || '—'}</td>
                  <td data-label="Organization">
                    <Link to={`/support/orgs/${i.org.id}/invitations`}>{i.org.name}</Link>
                  </td>
                  <td data-label={state === 'expired' ? 'Expired' : 'Expires'}>{when(i.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {res.data && res.data.items.length >= 100 && <p className="muted">Showing the first 100; search to narrow the list.</p>}
    </section>
  );
}
