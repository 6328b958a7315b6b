import { Type } from '@sinclair/typebox';
import { Email, Id, Reason, Strict, Text } from './common.js';
import { Assignment, AudienceGrantFields, AudienceSchema, AudienceView } from './member.contract.js';

export const InvitationStatus = Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('expired'), Type.Literal('cancelled')]);

export const Invitation = Type.Object({
  id: Type.String(),
  email: Type.String(),
  /** The names the inviter gave, or null; the accept page starts from them. */
  firstName: Type.Union([Type.String(), Type.Null()]),
  lastName: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Assignment),
  ...AudienceView,
  status: InvitationStatus,
  expiresAt: Type.String(),
  invitedBy: Type.Object({ userId: Type.String(), name: Type.String() }),
  sendCount: Type.Integer(),
  createdAt: Type.String(),
  actions: Type.Object({ canResend: Type.Boolean(), canCancel: Type.Boolean() }),
});

export const InvitationParams = Type.Object({ orgId: Id, id: Id }, Strict);

export const InvitationListQuery = Type.Object(
  {
    status: Type.Optional(InvitationStatus),
    audience: Type.Optional(AudienceSchema),
    search: Type.Optional(Type.String({ maxLength: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  Strict,
);

export const CreateInvitation = Type.Object(
  {
    email: Email,
    /** Staff and partner users need at least one; customer users hold none. */
    roles: Type.Optional(Type.Array(Assignment, { minItems: 1, maxItems: 50 })),
    audience: Type.Optional(AudienceSchema),
    ...AudienceGrantFields,
    firstName: Type.Optional(Text(100)),
    lastName: Type.Optional(Text(100)),
    reason: Type.Optional(Reason),
  },
  Strict,
);

/** Resend and cancel: support staff give a reason; members may send no body. */
export const InvitationAction = Type.Object({ reason: Type.Optional(Reason) }, Strict);

export const InviteOptions = Type.Object({
  canInvite: Type.Boolean(),
  roles: Type.Array(
    Type.Object({
      role: Type.String(),
      name: Type.String(),
      scope: Type.Union([Type.Literal('org'), Type.Literal('store')]),
      storeIds: Type.Union([Type.Literal('all'), Type.Array(Type.String())]),
      /** Higher outranks lower: pickers start at the lowest (least privilege). */
      rank: Type.Integer(),
      /** The preset's one-line "use for" of a built-in role; null for custom roles. */
      useFor: Type.Union([Type.String(), Type.Null()]),
      /** Who holds the role: staff, partner or customer users (an invitation of that audience). */
      audience: AudienceSchema,
    }),
  ),
  /** Ids of the org's only store when there is exactly one: store roles default to it. */
  defaultStoreId: Type.Union([Type.String(), Type.Null()]),
  reasons: Type.Array(Type.String()),
});

/** Invitation tokens are 43 base64url characters (lib/tokens.ts); anything else is unknown. */
export const TokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }) }, Strict);

export const InvitationPreview = Type.Object({
  orgName: Type.String(),
  inviterName: Type.String(),
  email: Type.String(),
  roles: Type.Array(
    Type.Object({
      role: Type.String(),
      roleName: Type.String(),
      storeIds: Type.Optional(Type.Array(Type.String())),
      storeNames: Type.Optional(Type.Array(Type.String())),
    }),
  ),
  status: InvitationStatus,
  expiresAt: Type.String(),
  /** The names the inviter gave, or null: the accept page pre-fills them for a new account. */
  firstName: Type.Union([Type.String(), Type.Null()]),
  lastName: Type.Union([Type.String(), Type.Null()]),
  /** True when the invited email already has an account: the page asks them to sign in. */
  userExists: Type.Boolean(),
});

export const AcceptInvitation = Type.Object(
  {
    firstName: Type.Optional(Text(100)),
    lastName: Type.Optional(Text(100)),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
  },
  Strict,
);

export const AcceptResult = Type.Object({
  orgId: Type.String(),
  userId: Type.String(),
  email: Type.String(),
  newUser: Type.Boolean(),
  roles: Type.Array(Assignment),
});
