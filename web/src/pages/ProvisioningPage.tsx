import type { Static } from '@sinclair/typebox';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { GroupMappings, ScimEvents, ScimTokenCreated, ScimTokenList } from '../../../src/contracts/scim.contract.js';
import { api } from '../api.js';
import { describeAssignment, useRoles, useStores } from '../org-data.js';
import { Empty, ErrorNote, Field, Loading, Notice, TableWrap, useSubmit, when } from '../ui.js';

type MappingsT = Static<typeof GroupMappings>;

/** Tokens: create (shown once), list, revoke. */
function Tokens({ orgId }: { orgId: string }) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['scim-tokens', orgId], queryFn: () => api<Static<typeof ScimTokenList>>('GET', `/orgs/${orgId}/scim-tokens`) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['scim-tokens', orgId] });
  const create = useSubmit(async () => {
    const r = await api<Static<typeof ScimTokenCreated>>('POST', `/orgs/${orgId}/scim-tokens`, { name });
    setShown(r.token);
    setName('');
    await refresh();
  });
  const revoke = async (id: string) => {
    await api('POST', `/orgs/${orgId}/scim-tokens/${id}/revoke`);
    await refresh();
  };
  return (
    <section aria-labelledby="tokens-h2">
      <h2 id="tokens-h2">Provisioning tokens</h2>
      <p>Your identity provider uses a token to add, change and remove people here (SCIM, at {location.origin}/scim/v2). It acts with your own authority.</p>
      {shown && <Notice>Copy this token into your identity provider now; it is not shown again: <code>{shown}</code></Notice>}
      <form onSubmit={create.onSubmit}>
        <Field label="Token name" value={name} onChange={setName} required placeholder="Okta" />
        <ErrorNote error={create.error} />
        <button type="submit" className="primary" disabled={create.busy}>
          Create token
        </button>
      </form>
      {list.isPending ? (
        <Loading />
      ) : list.data?.items.length ? (
        <TableWrap label="Provisioning tokens">
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((tk) => (
              <tr key={tk.id}>
                <td>{tk.name}</td>
                <td>{when(tk.createdAt)}</td>
                <td>{tk.lastUsedAt ? when(tk.lastUsedAt) : 'Never'}</td>
                <td>
                  {tk.revokedAt ? (
                    `Revoked ${when(tk.revokedAt)}`
                  ) : (
                    <button type="button" className="danger" onClick={() => void revoke(tk.id)}>
                      Revoke {tk.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </TableWrap>
      ) : (
        <Empty title="No tokens yet" />
      )}
    </section>
  );
}

/** Group → role mappings, and the default role of people in no mapped group. */
function Mappings({ orgId }: { orgId: string }) {
  const qc = useQueryClient();
  const roles = useRoles(orgId);
  const stores = useStores(orgId);
  const q = useQuery({ queryKey: ['scim-groups', orgId], queryFn: () => api<MappingsT>('GET', `/orgs/${orgId}/scim-groups`) });
  const [group, setGroup] = useState('');
  const [role, setRole] = useState('');
  const [storeId, setStoreId] = useState('');
  const storeRole = roles.data?.find((r) => r.key === role)?.scope === 'store';
  const body = () => ({ role, ...(storeRole && storeId ? { storeIds: [storeId] } : {}) });
  const save = useSubmit(async () => {
    const path = group ? `/orgs/${orgId}/scim-groups/${encodeURIComponent(group)}` : `/orgs/${orgId}/scim-default-role`;
    qc.setQueryData(['scim-groups', orgId], await api<MappingsT>('PUT', path, body()));
    setGroup('');
  });
  const remove = async (name: string) => qc.setQueryData(['scim-groups', orgId], await api<MappingsT>('DELETE', `/orgs/${orgId}/scim-groups/${encodeURIComponent(name)}`));
  if (q.isPending) return <Loading />;
  const d = q.data;
  return (
    <section aria-labelledby="groups-h2">
      <h2 id="groups-h2">Groups and roles</h2>
      <p>
        People get the roles of their groups. In no mapped group, they hold the default role:{' '}
        {d?.defaultRole ? describeAssignment(d.defaultRole, roles.data, stores.data) : 'not set yet (new people cannot be added until it is)'}.
      </p>
      <ul>
        {d?.items.map((m) => (
          <li key={m.displayName}>
            {m.displayName} → {describeAssignment(m, roles.data, stores.data)} ({m.memberCount} {m.memberCount === 1 ? 'person' : 'people'}){' '}
            <button type="button" onClick={() => void remove(m.displayName)}>
              Remove mapping of {m.displayName}
            </button>
          </li>
        ))}
      </ul>
      {d?.unmappedGroups.length ? <p className="muted">Groups that give no role yet: {d.unmappedGroups.join(', ')}</p> : null}
      <form onSubmit={save.onSubmit}>
        <Field label="Group name (empty: the default role)" value={group} onChange={setGroup} />
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value)} required>
            <option value="">Choose a role</option>
            {roles.data?.map((r) => (
              <option key={r.key} value={r.key}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        {storeRole && (
          <label>
            Store
            <select value={storeId} onChange={(e) => setStoreId(e.target.value)} required>
              <option value="">Choose a store</option>
              {stores.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <ErrorNote error={save.error} />
        <button type="submit" className="primary" disabled={save.busy}>
          Save
        </button>
      </form>
    </section>
  );
}

/** The org's "Provisioning" page: tokens, group → role mappings and recent changes from the provider. */
export function ProvisioningPage({ orgId }: { orgId: string }) {
  const events = useQuery({ queryKey: ['scim-events', orgId], queryFn: () => api<Static<typeof ScimEvents>>('GET', `/orgs/${orgId}/scim-events`) });
  return (
    <section>
      <h1>Provisioning</h1>
      <Tokens orgId={orgId} />
      <Mappings orgId={orgId} />
      <section aria-labelledby="events-h2">
        <h2 id="events-h2">Recent changes from the identity provider</h2>
        {events.data?.items.length ? (
          <ul>
            {events.data.items.map((e) => (
              <li key={e.id}>
                {when(e.at)}: {e.summary}
              </li>
            ))}
          </ul>
        ) : (
          <Empty title="No changes yet" />
        )}
      </section>
    </section>
  );
}
