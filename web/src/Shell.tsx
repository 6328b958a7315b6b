import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import { api, setCsrfToken } from './api.js';
import { orgPagesFor, useMyAccess } from './pages/my-access-data.js';
import { Link, navigate, usePath } from './router.js';
import { isStaff, useMe } from './session.js';
import { StoreSwitcher } from './StorePicker.js';

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
  // Seed 002: customer accounts and profiles, in commerce orgs, for whoever may read them org-wide.
  const commerce = access.data?.org.preset === 'commerce';
  const customers = commerce && held.has('customers:read');
  const profiles = commerce && held.has('profiles:read');
  return (
    <>
      {may.team && <NavLink to={`/orgs/${orgId}/team`}>Team</NavLink>}
      {may.invitations && <NavLink to={`/orgs/${orgId}/invitations`}>Invitations</NavLink>}
      {may.roles && <NavLink to={`/orgs/${orgId}/roles`}>Roles</NavLink>}
      {may.sessions && <NavLink to={`/orgs/${orgId}/sessions`}>Sessions</NavLink>}
      {may.history && <NavLink to={`/orgs/${orgId}/history`}>User history</NavLink>}
      {stores && <NavLink to={`/orgs/${orgId}/stores`}>Stores</NavLink>}
      {customers && <NavLink to={`/orgs/${orgId}/customers`}>Customer accounts</NavLink>}
      {profiles && <NavLink to={`/orgs/${orgId}/profiles`}>Profiles</NavLink>}
      {settings && <NavLink to={`/orgs/${orgId}/settings`}>Settings</NavLink>}
      {held.has('org:update') && <NavLink to={`/orgs/${orgId}/identity-provider`}>Identity provider</NavLink>}
      {held.has('team:manage') && <NavLink to={`/orgs/${orgId}/provisioning`}>Provisioning</NavLink>}
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
        {!staff && <StoreSwitcher orgId={org} />}
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
              // People who signed in through their business's identity provider sign out there too.
              const sso = await api<{ redirectUrl: string | null }>('GET', '/auth/sso/logout-url').catch(() => ({ redirectUrl: null }));
              await api('POST', '/auth/logout').catch(() => {});
              setCsrfToken(null);
              qc.clear();
              if (sso.redirectUrl) window.location.assign(sso.redirectUrl);
              else navigate('/sign-in', true);
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
