import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { api, qs } from '../../api.js';
import { FilterBar } from '../../FilterBar.js';
import { Link } from '../../router.js';
import type { OrgT, OwnerT, PageT, SupportStoreT } from '../../types.js';
import { Empty, ErrorNote, Field, Loading, StatusBadge, TableWrap } from '../../ui.js';

function useSearchQuery<T>(key: string, path: string) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search);
  const res = useQuery({ queryKey: [key, q], queryFn: () => api<PageT<T>>('GET', `${path}${qs({ search: q, limit: 50 })}`) });
  return { search, setSearch, res, q };
}

/** Seed 000's OrganizationsPage. */
export function OrgsPage() {
  const { search, setSearch, res } = useSearchQuery<OrgT>('support-orgs', '/orgs');
  return (
    <section aria-labelledby="orgs-h">
      <div className="page-head">
        <h1 id="orgs-h">Organizations</h1>
        <Link to="/support/orgs/new" className="button primary">
          Create organization
        </Link>
      </div>
      <FilterBar lead={<Field label="Search by name or slug" type="search" value={search} onChange={setSearch} />} />
      <ErrorNote error={res.error} />
      {res.isLoading ? (
        <Loading />
      ) : !res.data?.items.length ? (
        <Empty title="No organization matches." />
      ) : (
        <ul className="results">
          {res.data.items.map((o) => (
            <li key={o.id}>
              <Link to={`/support/orgs/${o.id}/team`}>{o.name}</Link> <small>{o.slug}</small> <StatusBadge status={o.status} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Seed 000's OwnersPage: find the org by its owner's name or email. */
export function OwnersPage() {
  const { search, setSearch, res } = useSearchQuery<OwnerT>('support-owners', '/support/owners');
  return (
    <section aria-labelledby="owners-h">
      <h1 id="owners-h">Owners</h1>
      <FilterBar lead={<Field label="Owner name or email" type="search" value={search} onChange={setSearch} />} />
      <ErrorNote error={res.error} />
      {res.isLoading ? (
        <Loading />
      ) : !res.data?.items.length ? (
        <Empty title="No owner matches." />
      ) : (
        <ul className="results">
          {res.data.items.map((o) => (
            <li key={o.userId}>
              <strong>
                {o.firstName} {o.lastName}
              </strong>{' '}
              <small>{o.email}</small>
              <ul>
                {o.orgs.map((org) => (
                  <li key={org.id}>
                    <Link to={`/support/orgs/${org.id}/team`}>{org.name}</Link>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * A store's ID for a ticket or the troubleshooter, copied rather than shown: people read names,
 * and the search still finds a pasted ID.
 */
function CopyId({ id, name }: { id: string; name: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        await navigator.clipboard?.writeText(id).catch(() => {});
        setCopied(true);
      }}
    >
      {copied ? 'Copied ID' : 'Copy ID'}
      <span className="sr-only"> of {name}</span>
    </button>
  );
}

/** Seed 000's StoresPage: stores across orgs by name, code, address or ID. */
export function StoresPage() {
  const { search, setSearch, res } = useSearchQuery<SupportStoreT>('support-stores', '/support/stores');
  return (
    <section aria-labelledby="stores-h">
      <h1 id="stores-h">Stores</h1>
      <FilterBar lead={<Field label="Store name, code, address or ID" type="search" value={search} onChange={setSearch} />} />
      <ErrorNote error={res.error} />
      {res.isLoading ? (
        <Loading />
      ) : !res.data?.items.length ? (
        <Empty title="No store matches." />
      ) : (
        <TableWrap label="Stores">
          <table>
            <thead>
              <tr>
                <th scope="col">Store</th>
                <th scope="col">Code</th>
                <th scope="col">Address</th>
                <th scope="col">Store ID</th>
                <th scope="col">Organization</th>
              </tr>
            </thead>
            <tbody>
              {res.data.items.map((s) => (
                <tr key={s.id}>
                  <td data-label="Store">
                    {s.name} <StatusBadge status={s.status} />
                  </td>
                  <td data-label="Code">{s.code}</td>
                  <td data-label="Address">{s.address || '—'}</td>
                  <td data-label="Store ID">
                    <CopyId id={s.id} name={s.name} />
                  </td>
                  <td data-label="Organization">
                    <Link to={`/support/orgs/${s.org.id}/team`}>{s.org.name}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
