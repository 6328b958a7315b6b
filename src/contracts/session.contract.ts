import { Type } from '@sinclair/typebox';
import { Id, PageQuery, Reason, Strict } from './common.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const MeStore = Type.Object({ id: Type.String(), name: Type.String(), code: Type.String(), address: Type.String() });
export const MeMembership = Type.Object({
  org: Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() }),
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  isOwner: Type.Boolean(),
  roles: Type.Array(Type.Object({ role: Type.String(), storeIds: Type.Optional(Type.Array(Type.String())) })),
  stores: Type.Array(MeStore, { description: 'Stores this member may pick: every active store for an org-scoped role.' }),
});
export const Me = Type.Object({
  user: Type.Object({
    id: Type.String(),
    email: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    phone: Nullable(Type.String()),
    platformRole: Nullable(Type.String()),
    status: Type.String(),
  }),
  memberships: Type.Array(MeMembership),
  currentOrgId: Nullable(Type.String()),
  currentStoreId: Nullable(Type.String()),
  csrfToken: Type.Union([Type.String(), Type.Null()], { description: 'For cookie sessions: send it as x-csrf-token on every change. null for bearer tokens.' }),
});
/** `PATCH /me`: the person's own name and phone (shown in every org they belong to); null clears the phone. */
export const UpdateMe = Type.Object(
  {
    firstName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    lastName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    phone: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()], { description: 'null clears it' })),
  },
  Strict,
);
export const PickStore = Type.Object({ orgId: Id, storeId: Id }, Strict);
export const PickedStore = Type.Object({ currentOrgId: Type.String(), currentStoreId: Type.String() });

export const Session = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('cookie'), Type.Literal('token')]),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  device: Type.String({ description: 'The user agent in words, e.g. "Chrome on Windows".' }),
  startedAt: Type.String(),
  lastSeenAt: Type.String(),
  expiresAt: Type.String(),
  currentOrgId: Nullable(Type.String()),
  currentStoreId: Nullable(Type.String()),
  current: Type.Boolean({ description: 'The session making this request.' }),
});
export const SessionListQuery = Type.Object(PageQuery, Strict);
export const SessionParams = Type.Object({ id: Id }, Strict);
export const OrgSessionParams = Type.Object({ orgId: Id, id: Id }, Strict);
/** How many sessions an "end all" ended. */
export const EndedSessions = Type.Object({ ended: Type.Integer({ minimum: 0 }) });

export const OptionalReason = Type.Optional(Type.Object({ reason: Type.Optional(Reason) }, Strict));

export const UserAdmin = Type.Object({
  id: Type.String(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('deactivated')]),
  platformRole: Nullable(Type.String()),
  locked: Type.Boolean(),
  lockedUntil: Nullable(Type.String()),
  failedSignIns: Type.Integer(),
  lastSignInAt: Nullable(Type.String()),
  createdAt: Type.String(),
  orgIds: Type.Array(Type.String()),
});
export const UserLookupQuery = Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }) }, Strict);
export const UserParams = Type.Object({ id: Id }, Strict);
export const StatusChange = Type.Object({ reason: Reason }, Strict);

export const DevMail = Type.Object({
  id: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Type.String(),
  template: Type.String(),
  status: Type.String(),
  createdAt: Type.String(),
});
