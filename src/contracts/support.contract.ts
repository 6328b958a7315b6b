import { Type } from '@sinclair/typebox';
import { Email, Id, Strict } from './common.js';
import { Assignment } from './member.contract.js';

/** The support portal's read models (seed 000: AdminDashboardPage, OwnersPage, StoresPage, troubleshooting). */

const OrgRef = Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() });

export const SupportDashboard = Type.Object({
  orgs: Type.Integer(),
  members: Type.Integer(),
  pendingInvitations: Type.Integer(),
  expiredInvitations: Type.Integer(),
  lockedAccounts: Type.Integer(),
  deactivatedUsers: Type.Integer(),
});

export const SupportSearchQuery = Type.Object(
  { search: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) },
  Strict,
);

export const SupportOwner = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  status: Type.String(),
  orgs: Type.Array(OrgRef),
});

export const SupportStore = Type.Object({
  id: Type.String(),
  name: Type.String(),
  code: Type.String(),
  address: Type.String(),
  status: Type.String(),
  org: OrgRef,
});

export const TroubleshootQuery = Type.Object({ email: Email, storeId: Type.Optional(Id) }, Strict);

const StoreRef = Type.Object({ id: Type.String(), name: Type.String(), code: Type.String() });

export const Troubleshoot = Type.Object({
  email: Type.String(),
  user: Type.Union([
    Type.Object({
      id: Type.String(),
      email: Type.String(),
      firstName: Type.String(),
      lastName: Type.String(),
      status: Type.String(),
      platformRole: Type.Union([Type.String(), Type.Null()]),
      hasPassword: Type.Boolean(),
      locked: Type.Boolean(),
      lockedUntil: Type.Union([Type.String(), Type.Null()]),
      failedSignIns: Type.Integer(),
      lastSignInAt: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  memberships: Type.Array(
    Type.Object({ org: OrgRef, status: Type.String(), isOwner: Type.Boolean(), roles: Type.Array(Assignment), stores: Type.Array(StoreRef) }),
  ),
  sessions: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      createdAt: Type.String(),
      lastSeenAt: Type.String(),
      ip: Type.Union([Type.String(), Type.Null()]),
      userAgent: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  invitations: Type.Array(
    Type.Object({ id: Type.String(), org: OrgRef, status: Type.String(), expiresAt: Type.String(), roles: Type.Array(Assignment) }),
  ),
  store: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), code: Type.String(), org: OrgRef, explanation: Type.Array(Type.String()) }), Type.Null()]),
  /** Plain-language findings, each with the fix to apply (seed 000's checklist). */
  findings: Type.Array(Type.String()),
});
