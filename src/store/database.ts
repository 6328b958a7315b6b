import type { Kysely, Transaction } from 'kysely';
import type { AuditEventTable } from './schema/audit-event.table.js';
import type { CustomerTable, MemberCustomerTable } from './schema/customer.table.js';
import type { EmailChangeTable } from './schema/email-change.table.js';
import type { ImportRowTable, ImportTable } from './schema/import.table.js';
import type { InvitationTable } from './schema/invitation.table.js';
import type { MailBodyTable, MailOutboxTable } from './schema/mail-outbox.table.js';
import type { MemberSearchDocTable, MemberSearchFtsTable, MembershipTable, OverrideTable, RoleAssignmentTable } from './schema/membership.table.js';
import type { OrgTable } from './schema/org.table.js';
import type { PasswordResetTable } from './schema/password-reset.table.js';
import type { ProfileTable } from './schema/profile.table.js';
import type { RateLimitCounterTable } from './schema/rate-limit-counter.table.js';
import type { RoleTable } from './schema/role.table.js';
import type { PendingSignInTable, RecoveryCodeTable, SecondFactorTable, SessionSecondFactorTable, WebauthnChallengeTable } from './schema/second-factor.table.js';
import type { SessionOrgEndTable } from './schema/session-org-end.table.js';
import type { SessionTable } from './schema/session.table.js';
import type { SignupTable } from './schema/signup.table.js';
import type { StoreTable } from './schema/store.table.js';
import type { UserTable } from './schema/user.table.js';
import type { OidcDomainTable, OidcProviderTable, OidcSignInTable, ProvisioningDefaultTable, ScimExternalIdTable, ScimGroupMemberTable, ScimGroupRoleTable, ScimGroupTable, ScimTokenTable, UserIdentityLinkTable } from './schema/identity.table.js';

/** The one typed schema, assembled from one file per table. */
export interface Database {
  users: UserTable;
  orgs: OrgTable;
  stores: StoreTable;
  roles: RoleTable;
  memberships: MembershipTable;
  role_assignments: RoleAssignmentTable;
  overrides: OverrideTable;
  sessions: SessionTable;
  session_org_ends: SessionOrgEndTable;
  audit_events: AuditEventTable;
  mail_outbox: MailOutboxTable;
  mail_bodies: MailBodyTable;
  password_resets: PasswordResetTable;
  invitations: InvitationTable;
  customers: CustomerTable;
  member_customers: MemberCustomerTable;
  profiles: ProfileTable;
  imports: ImportTable;
  import_rows: ImportRowTable;
  second_factors: SecondFactorTable;
  recovery_codes: RecoveryCodeTable;
  pending_sign_ins: PendingSignInTable;
  webauthn_challenges: WebauthnChallengeTable;
  session_second_factors: SessionSecondFactorTable;
  rate_limit_counters: RateLimitCounterTable;
  scim_tokens: ScimTokenTable;
  scim_groups: ScimGroupTable;
  scim_group_members: ScimGroupMemberTable;
  scim_group_roles: ScimGroupRoleTable;
  scim_external_ids: ScimExternalIdTable;
  oidc_providers: OidcProviderTable;
  oidc_domains: OidcDomainTable;
  oidc_sign_ins: OidcSignInTable;
  provisioning_defaults: ProvisioningDefaultTable;
  user_identity_links: UserIdentityLinkTable;
  email_changes: EmailChangeTable;
  signups: SignupTable;
  /** SQLite only. */
  member_search_docs: MemberSearchDocTable;
  /** SQLite only. */
  member_search: MemberSearchFtsTable;
}

/** `db` or a transaction: every query function takes one of these first. */
export type Executor = Kysely<Database> | Transaction<Database>;
export type Db = Kysely<Database>;
