/**
 * The console speaks the API's contracts (STYLE rule 7): every shape here is derived from the
 * TypeBox schemas the server validates and serializes with, so a contract change breaks the
 * console's type check instead of its users.
 */
import type { Static } from '@sinclair/typebox';
import type { AuditEvent } from '../../src/contracts/audit.contract.js';
import type { Invitation, InvitationPreview, InviteOptions } from '../../src/contracts/invitation.contract.js';
import type { AccessResponse, Assignment, Member, MemberDetail, OverrideSchema } from '../../src/contracts/member.contract.js';
import type { Org, Store } from '../../src/contracts/org.contract.js';
import type { Customer } from '../../src/contracts/customer.contract.js';
import type { Profile } from '../../src/contracts/profile.contract.js';
import type { Role } from '../../src/contracts/role.contract.js';
import type { DevMail, Me, Session, UserAdmin } from '../../src/contracts/session.contract.js';
import type { SupportDashboard, SupportOwner, SupportStore, Troubleshoot } from '../../src/contracts/support.contract.js';

export type MeT = Static<typeof Me>;
export type MembershipT = MeT['memberships'][number];
export type MemberT = Static<typeof Member>;
export type MemberDetailT = Static<typeof MemberDetail>;
export type AssignmentT = Static<typeof Assignment>;
export type OverrideT = Static<typeof OverrideSchema>;
export type OrgT = Static<typeof Org>;
export type StoreT = Static<typeof Store>;
export type RoleT = Static<typeof Role>;
export type InvitationT = Static<typeof Invitation>;
export type InviteOptionsT = Static<typeof InviteOptions>;
export type InvitationPreviewT = Static<typeof InvitationPreview>;
export type SessionT = Static<typeof Session>;
export type AuditEventT = Static<typeof AuditEvent>;
export type DevMailT = Static<typeof DevMail>;
export type UserAdminT = Static<typeof UserAdmin>;
export type AccessT = Static<typeof AccessResponse>;
export type DashboardT = Static<typeof SupportDashboard>;
export type OwnerT = Static<typeof SupportOwner>;
export type SupportStoreT = Static<typeof SupportStore>;
export type TroubleshootT = Static<typeof Troubleshoot>;
export type CustomerT = Static<typeof Customer>;
export type ProfileT = Static<typeof Profile>;
export interface PageT<T> {
  items: T[];
  nextCursor: string | null;
}
