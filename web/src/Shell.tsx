import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import { api, setCsrfToken } from './api.js';
import { orgPagesFor, useMyAccess } from './pages/my-access-data.js';
import { Link, navigate, usePath } from './router.js';
import { isStaff, useMe } from './session.js';

function OrgSwitcher({ orgId }: { orgId: string | undefined }) {
  const me = useMe();
  const id = useId();
  const active = me.memberships.filter((m) => m.status === 'active');
  if (active.length < 2) return active[0] ? <span className="org-name">{active[0].org.name}</span> : null;
  return (
    <div className="picker">
      <label htmlFor={id}>Organization</label>
      <select id={id} value={orgId ?? ''} onChange={(e) => navigate(`/orgs/${e.target.value}`)}>
        {active.map((m) => (
          <option key={m.org.id} value={m.org.id}>
            {m.org.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Seed 004: cross-store users switch between their stores with the picker in the top bar. */
function StorePicker({ orgId }: { orgId: string | undefined }) {
  const me = useMe();
  const qc = useQueryClient();
  const id = useId();
  const [error, setError] = useState('');
  const m = me.memberships.find((x) => x.org.id === orgId);
  if (!m || m.stores.length === 0) return null;
  if (m.stores.length === 1) return <span className="store-name">Store: {m.stores[0]!.name}</span>;
  const current = me.currentOrgId === orgId ? (me.currentStoreId ?? '') : '';
  return (
    <div className="picker">
      <label htmlFor={id}>Store</label>
      <select
        id={id}
        value={current}
        onChange={async (e) => {
          setError('');
          try {
            await api('PUT', '/me/store', { orgId, storeId: e.target.value });
            await qc.invalidateQueries({ queryKey: ['me'] });
          } catch {
            setError('Could not switch store; reload and try again.');
          }
        }}
      >
        {current === '' && <option value="">Pick a store…</option>}
        {m.stores.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.code})
          </option>
        ))}
      </select>
      {error && <span role="alert">{error}</span>}
    </div>
  );
}

/** `end`: only this exact path (a section's home, whose sub-pages have menu items of their own), so one item is highlighted at a time. */
function NavLink({ to, end = false, children }: { to: string; end?: boolean; children: ReactNode }) {
  const path = usePath();
  const active = path === to || (!end && path.startsWith(`${to}/`));
  return (
    <Link to={to} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/**
 * Whether the development outbox exists here: `/dev/mail` answers 200 only to platform staff,
 * without SMTP and outside production, so the menu never links to a page that would say "not
 * found". Nobody else asks.
 */
function useDevMailbox(staff: boolean): boolean {
  const q = useQuery({
    queryKey: ['dev-mail-available'],
    enabled: staff,
    queryFn: () => api<unknown>('GET', '/dev/mail').then(() => true),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
  return q.data === true;
}

/** The org pages this member may use (from what they hold org-wide); nothing that would refuse them. */
function OrgMenu({ orgId }: { orgId: string }) {
  const access = useMyAccess(orgId);
  const may = orgPagesFor(access.data);
  const held = new Set(access.data?.orgWidePermissions ?? []);
  const stores = held.has('stores:create') || held.has('stores:update');
  const settings = held.has('org:update') || access.data?.isOwner === true;
  return (
    <>
      {may.team && <NavLink to={`/orgs/${orgId}/team`}>Team</NavLink>}
      {may.invitations && <NavLink to={`/orgs/${orgId}/invitations`}>Invitations</NavLink>}
      {may.roles && <NavLink to={`/orgs/${orgId}/roles`}>Roles</NavLink>}
      {may.sessions && <NavLink to={`/orgs/${orgId}/sessions`}>Sessions</NavLink>}
      {may.history && <NavLink to={`/orgs/${orgId}/history`}>User history</NavLink>}
      {stores && <NavLink to={`/orgs/${orgId}/stores`}>Stores</NavLink>}
      {settings && <NavLink to={`/orgs/${orgId}/settings`}>Settings</NavLink>}
      <NavLink to={`/orgs/${orgId}/my-access`}>My access</NavLink>
    </>
  );
}

export function Shell({ orgId, children }: { orgId?: string | undefined; children: ReactNode }) {
  const me = useMe();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const staff = isStaff(me);
  const mailbox = useDevMailbox(staff);
  const active = me.memberships.filter((m) => m.status === 'active');
  const org = orgId ?? (active.find((m) => m.org.id === me.currentOrgId) ?? active[0])?.org.id;
  return (
    <div className="app">
      <header className="topbar">
        <Link to="/" className="brand">
          Rolecall
        </Link>
        {!staff && <OrgSwitcher orgId={org} />}
        {!staff && <StorePicker orgId={org} />}
        <button type="button" className="menu-toggle" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen(!open)}>
          Menu
        </button>
        <div className="who">
          <Link to="/account">
            {me.user.firstName} {me.user.lastName}
          </Link>
          <button
            type="button"
            onClick={async () => {
              await api('POST', '/auth/logout').catch(() => {});
              setCsrfToken(null);
              qc.clear();
              navigate('/sign-in', true);
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <nav id="main-nav" className={open ? 'nav open' : 'nav'} aria-label="Main">
        {staff ? (
          <>
            <NavLink to="/support" end>
              Dashboard
            </NavLink>
            <NavLink to="/support/orgs">Organizations</NavLink>
            <NavLink to="/support/owners">Owners</NavLink>
            <NavLink to="/support/stores">Stores</NavLink>
            <NavLink to="/support/troubleshoot">Troubleshoot</NavLink>
            {mailbox && <NavLink to="/support/mail">Mailbox</NavLink>}
          </>
        ) : org ? (
          <OrgMenu orgId={org} />
        ) : null}
        <NavLink to="/account">My account</NavLink>
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
