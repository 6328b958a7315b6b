import { useOrg } from '../../org-data.js';
import { Link } from '../../router.js';
import { ErrorNote } from '../../ui.js';
import { HistoryPage } from '../team/HistoryPage.js';
import { InvitationsPage } from '../team/InvitationsPage.js';
import { ApiError } from '../../api.js';
import { MemberOrNotFound, NotFound } from '../NotFound.js';
import { RolesPage } from '../team/RolesPage.js';
import { OrgSettingsPage } from '../team/OrgSettingsPage.js';
import { SessionsPage } from '../team/SessionsPage.js';
import { StoresPage } from '../team/StoresPage.js';
import { TeamPage } from '../team/TeamPage.js';
import type { Workspace } from '../team/workspace.js';
import { countOf } from '../../../../src/domain/plural.js';
import { PRESETS } from '../../../../src/domain/presets/index.js';
import type { PresetKey } from '../../../../src/domain/types.js';

const TABS = [
  ['team', 'Access / IAM'],
  ['invitations', 'Invitations'],
  ['roles', 'Roles'],
  ['sessions', 'Sessions'],
  ['stores', 'Stores'],
  ['settings', 'Settings'],
  ['history', 'Audit'],
] as const;

/** Seed 000: the org profile, whose Access/IAM tab lists users, roles and pending invites. */
export function OrgProfile({ orgId, tab, userId }: { orgId: string; tab: string; userId?: string | undefined }) {
  const org = useOrg(orgId);
  const ws: Workspace = { orgId, base: `/support/orgs/${orgId}`, support: true };
  if (org.error instanceof ApiError && (org.error.status === 404 || org.error.status === 400)) {
    return (
      <NotFound title="We could not find that organization">
        <p>
          No organization has this address; it may be mistyped. <Link to="/support/orgs">Search the organizations</Link>
        </p>
      </NotFound>
    );
  }
  if (!TABS.some(([key]) => key === tab)) return <NotFound />;
  return (
    <>
      <div className="profile-head">
        <p>
          <Link to="/support/orgs">Organizations</Link> /
        </p>
        <h1 className="org-title">{org.data?.name ?? 'Organization'}</h1>
        {org.data && (
          <p className="muted">
            {org.data.slug} · {PRESETS[org.data.preset as PresetKey]?.name ?? 'Custom'} roles · billed per {org.data.settings.billingLevel} · invitations last {countOf(org.data.settings.inviteTtlDays, 'day')}
          </p>
        )}
        <ErrorNote error={org.error} />
      </div>
      <nav className="tabs" aria-label="Organization">
        {TABS.map(([key, label]) => (
          <Link key={key} to={`${ws.base}/${key}`} aria-current={tab === key ? 'page' : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      {tab === 'team' && (userId ? <MemberOrNotFound ws={ws} userId={userId} /> : <TeamPage ws={ws} />)}
      {tab === 'invitations' && <InvitationsPage ws={ws} />}
      {tab === 'roles' && <RolesPage ws={ws} />}
      {tab === 'sessions' && <SessionsPage ws={ws} />}
      {tab === 'stores' && <StoresPage ws={ws} />}
      {tab === 'settings' && <OrgSettingsPage ws={ws} />}
      {tab === 'history' && <HistoryPage ws={ws} />}
    </>
  );
}
