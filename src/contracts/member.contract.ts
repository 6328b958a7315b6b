import { Type } from '@sinclair/typebox';
import { PERMISSIONS } from '../domain/permissions.js';
import { Email, Id, Reason, Strict, Text } from './common.js';

export const PermissionKey = Type.Union(PERMISSIONS.map((p) => Type.Literal(p)), { description: 'module:action from the catalogue' });

export const Assignment = Type.Object(
  {
    role: Type.String({ minLength: 1, maxLength: 64 }),
    storeIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
  },
  Strict,
);

/** Seed 002: who a member is to the business; absent on input means staff. */
export const AudienceSchema = Type.Union([Type.Literal('staff'), Type.Literal('partner'), Type.Literal('customer')], {
  description: 'staff (employees), partner (look after some customer accounts) or customer (one customer account, self-service hub)',
});

/** The input fields of a partner or customer grant: the profile and customer accounts. */
export const AudienceGrantFields = {
  profileId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'Partner and customer users: a profile of their audience' })),
  customerIds: Type.Optional(Type.Array(Id, { maxItems: 500, description: 'Partner users: at least one customer account; customer users: exactly one' })),
};

/** How members and invitations show their audience. */
export const AudienceView = {
  audience: AudienceSchema,
  profileId: Type.Union([Type.String(), Type.Null()]),
  customerIds: Type.Array(Type.String()),
};

export const OverrideSchema = Type.Object(
  { permission: PermissionKey, effect: Type.Union([Type.Literal('allow'), Type.Literal('deny')]), storeId: Type.Optional(Id) },
  Strict,
);

export const MemberStatus = Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('deactivated')]);

export const Member = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  status: MemberStatus,
  isOwner: Type.Boolean(),
  roles: Type.Array(Assignment),
  overrides: Type.Array(OverrideSchema),
  ...AudienceView,
  joinedAt: Type.String(),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
});

const AssignableRole = Type.Object({ role: Type.String(), storeIds: Type.Union([Type.Literal('all'), Type.Array(Type.String())]) });

export const MemberDetail = Type.Intersect([
  Member,
  Type.Object({
    actions: Type.Object({
      canEdit: Type.Boolean(),
      canRemove: Type.Boolean(),
      canSuspend: Type.Boolean(),
      assignableRoles: Type.Array(AssignableRole),
      assignableStores: Type.Union([Type.Literal('all'), Type.Array(Type.String())]),
      reasons: Type.Array(Type.String()),
    }),
  }),
]);

export const MemberListQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 200 })),
    role: Type.Optional(Type.String({ maxLength: 64 })),
    storeId: Type.Optional(Id),
    status: Type.Optional(MemberStatus),
    audience: Type.Optional(AudienceSchema),
    sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('joined')])),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  Strict,
);

const SupportFields = {
  reason: Type.Optional(Reason),
  overrideLastAdmin: Type.Optional(Type.Boolean({ description: 'Support staff only, with a reason: approve leaving no active top admin.' })),
};

export const PatchMember = Type.Object(
  {
    roles: Type.Optional(Type.Array(Assignment, { minItems: 1, maxItems: 50 })),
    overrides: Type.Optional(Type.Array(OverrideSchema, { maxItems: 200 })),
    // Accepted only unchanged: a person changes audience by being removed and invited again.
    audience: Type.Optional(AudienceSchema),
    ...AudienceGrantFields,
    // Personal details are the user's, shared by every org they belong to; control characters are refused.
    firstName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    lastName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    phone: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()], { description: 'null clears it' })),
    ...SupportFields,
  },
  Strict,
);

/** Create a person's account directly, without an invitation; they choose a password from the emailed link. */
export const CreateMember = Type.Object(
  {
    email: Email,
    firstName: Text(100),
    lastName: Text(100),
    /** Staff and partner users need at least one; customer users hold none. */
    roles: Type.Optional(Type.Array(Assignment, { minItems: 1, maxItems: 50 })),
    audience: Type.Optional(AudienceSchema),
    ...AudienceGrantFields,
    reason: Type.Optional(Reason),
  },
  Strict,
);

/** Remove, suspend, reactivate: support staff give a reason; members may send an empty body. */
export const MemberAction = Type.Object(SupportFields, Strict);

export const CheckRequest = Type.Object({ userId: Id, permission: Type.String({ minLength: 3, maxLength: 80 }), storeId: Type.Optional(Id) }, Strict);
export const CheckResponse = Type.Object({ allowed: Type.Boolean(), reasons: Type.Array(Type.String()) });

const Grant = Type.Object({ permission: Type.String(), allowed: Type.Literal(true), reasons: Type.Array(Type.String()) });
export const AccessResponse = Type.Object({
  userId: Type.String(),
  orgWide: Type.Array(Grant),
  stores: Type.Array(Type.Object({ storeId: Type.String(), permissions: Type.Array(Grant) })),
  explanation: Type.Optional(Type.Array(Type.String())),
});
