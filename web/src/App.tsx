import type { JSX } from 'react';
import { Account } from './pages/Account.js';
import { IdentityProviderPage } from './pages/IdentityProviderPage.js';
import { ProvisioningPage } from './pages/ProvisioningPage.js';
import { EmailChangePage } from './pages/EmailChangePage.js';
import { SignupCompletePage, SignupPage } from './pages/SignupPage.js';
import { MyAccess, OrgHome } from './pages/MyAccess.js';
import { ImportPage } from './pages/team/ImportPage.js';
import { MemberOrNotFound, NotFound, OrgNotFound, useKnownOrg } from './pages/NotFound.js';
import { AcceptInvite } from './pages/public/AcceptInvite.js';
import { ForgotPassword } from './pages/public/ForgotPassword.js';
import { ResetPassword } from './pages/public/ResetPassword.js';
import { SignIn } from './pages/public/SignIn.js';
import { Setup } from './pages/public/Setup.js';
import { CreateOrg } from './pages/support/CreateOrg.js';
import { Dashboard } from './pages/support/Dashboard.js';
import { InvitationList, PeopleList } from './pages/support/DashboardLists.js';
import { Mailbox } from './pages/support/Mailbox.js';
import { OrgProfile } from './pages/support/OrgProfile.js';
import { OrgsPage, OwnersPage, StoresPage } from './pages/support/SearchPages.js';
import { Troubleshoot } from './pages/support/Troubleshoot.js';
import { CustomersPage } from './pages/commerce/CustomersPage.js';
import { ProfilesPage } from './pages/commerce/ProfilesPage.js';
import { HistoryPage } from './pages/team/HistoryPage.js';
import { InvitationsPage } from './pages/team/InvitationsPage.js';
import { OrgSettingsPage } from './pages/team/OrgSettingsPage.js';
import { RolesPage } from './pages/team/RolesPage.js';
import { SessionsPage } from './pages/team/SessionsPage.js';
import { StoresPage as OrgStoresPage } from './pages/team/StoresPage.js';
import { TeamPage } from './pages/team/TeamPage.js';
import { match, Redirect, usePath } from './router.js';
import { isStaff, PUBLIC_PATHS, SessionProvider, useMeQuery } from './session.js';
import { Shell } from './Shell.js';
import { ErrorNote, Loading } from './ui.js';

const PUBLIC: Record<string, () => JSX.Element> = {
  '/sign-in': SignIn,
  '/forgot-password': ForgotPassword,
  '/reset-password': ResetPassword,
  '/accept-invite': AcceptInvite,
  '/setup': Setup,
  '/email-change': EmailChangePage,
  '/signup/complete': SignupCompletePage,
};

function OrgPages({ path }: { path: string }) {
  const known = useKnownOrg(decodeURIComponent(path.split('/')[2] ?? ''));
  if (!known) return <OrgNotFound />;
  const member = match('/orgs/:orgId/team/:userId', path);
  if (member) return <MemberOrNotFound ws={{ orgId: member.orgId!, base: `/orgs/${member.orgId}`, support: false }} userId={member.userId!} />;
  const home = match('/orgs/:orgId', path);
  if (home) return <OrgHome orgId={home.orgId!} />;
  const p = match('/orgs/:orgId/:tab', path);
  if (!p) return <NotFound />;
  const ws = { orgId: p.orgId!, base: `/orgs/${p.orgId}`, support: false };
  switch (p.tab) {
    case 'my-access':
      return <MyAccess orgId={ws.orgId} />;
    case 'team':
      return <TeamPage ws={ws} />;
    case 'invitations':
      return <InvitationsPage ws={ws} />;
    case 'roles':
      return <RolesPage ws={ws} />;
    case 'sessions':
      return <SessionsPage ws={ws} />;
    case 'history':
      return <HistoryPage ws={ws} />;
    case 'stores':
      return <OrgStoresPage ws={ws} />;
    case 'settings':
      return <OrgSettingsPage ws={ws} />;
    case 'identity-provider':
      return <IdentityProviderPage orgId={ws.orgId} />;
    case 'provisioning':
      return <ProvisioningPage orgId={ws.orgId} />;
    case 'customers':
      return <CustomersPage ws={ws} />;
    case 'profiles':
      return <ProfilesPage ws={ws} />;
    case 'import':
      return <ImportPage ws={ws} />;
    default:
      return <NotFound />;
  }
}

function SignedInPages({ path }: { path: string }) {
  if (path === '/account') return <Account />;
  if (path === '/mail' || path === '/support/mail') return <Mailbox />;
  if (path === '/support') return <Dashboard />;
  if (path === '/support/orgs') return <OrgsPage />;
  if (path === '/support/orgs/new') return <CreateOrg />;
  if (path === '/support/owners') return <OwnersPage />;
  if (path === '/support/people') return <PeopleList />;
  if (path === '/support/invitations') return <InvitationList />;
  if (path === '/support/stores') return <StoresPage />;
  if (path === '/support/troubleshoot') return <Troubleshoot />;
  const prof = match('/support/orgs/:orgId/:tab', path) ?? match('/support/orgs/:orgId/:tab/:userId', path);
  if (prof) return <OrgProfile orgId={prof.orgId!} tab={prof.tab!} userId={prof.userId} />;
  const org = path.startsWith('/orgs/') ? <OrgPages path={path} /> : null;
  return org ?? <NotFound />;
}

export function App() {
  const path = usePath();
  const me = useMeQuery();
  const Public = PUBLIC[path];
  const signup = match('/signup/:org', path);
  if (!Public && signup) return <SessionProvider me={me.data ?? null}><SignupPage org={signup.org!} /></SessionProvider>;
  if (Public) return <SessionProvider me={me.data ?? null}><Public /></SessionProvider>;
  if (me.isLoading) return <Loading />;
  if (me.error) return <ErrorNote error={me.error} />;
  if (!me.data) return <Redirect to={`/sign-in${path !== '/' && !PUBLIC_PATHS.includes(path) ? `?next=${encodeURIComponent(path)}` : ''}`} />;
  const data = me.data;
  if (path === '/') {
    if (isStaff(data)) return <Redirect to="/support" />;
    const active = data.memberships.filter((m) => m.status === 'active');
    const orgId = (active.find((m) => m.org.id === data.currentOrgId) ?? active[0])?.org.id;
    if (orgId) return <Redirect to={`/orgs/${orgId}`} />;
    return <Redirect to="/account" />;
  }
  const orgId = path.startsWith('/orgs/') ? path.split('/')[2] : undefined;
  return (
    <SessionProvider me={data}>
      <Shell orgId={orgId}>
        <SignedInPages path={path} />
      </Shell>
    </SessionProvider>
  );
}
