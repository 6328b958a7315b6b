import { Type } from '@sinclair/typebox';
import { Reason, Strict, Text } from './common.js';
import { PermissionKey } from './member.contract.js';

export const Role = Type.Object({
  key: Type.String(),
  name: Type.String(),
  legacyNames: Type.Array(Type.String()),
  scope: Type.Union([Type.Literal('org'), Type.Literal('store')]),
  rank: Type.Integer(),
  audience: Type.String(),
  permissions: Type.Array(Type.String()),
  orgWidePermissions: Type.Optional(Type.Array(Type.String())),
  /** Switched on by the org's billing (`on: billing`) or settlement (`on: settlement`) level being `billingLevel`. */
  conditionalPermissions: Type.Optional(
    Type.Array(Type.Object({ billingLevel: Type.String(), on: Type.Union([Type.Literal('billing'), Type.Literal('settlement')]), permissions: Type.Array(Type.String()) })),
  ),
  orgWideWhenBilling: Type.Optional(Type.String()),
  topAdmin: Type.Boolean(),
  builtIn: Type.Boolean(),
  /** A built-in role this org changed (name or permissions): it differs from its preset and can be reset. */
  customized: Type.Boolean(),
  /** One plain sentence on whom a built-in role is for (its preset's); null for custom roles. */
  useFor: Type.Union([Type.String(), Type.Null()]),
});

const Permissions = Type.Array(PermissionKey, { maxItems: 500 });

export const CreateRole = Type.Object(
  {
    key: Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$' }),
    name: Text(80),
    scope: Type.Union([Type.Literal('org'), Type.Literal('store')]),
    rank: Type.Integer({ minimum: 1, maximum: 10000 }),
    audience: Type.Optional(Type.Union([Type.Literal('staff'), Type.Literal('partner'), Type.Literal('customer')])),
    permissions: Permissions,
    orgWidePermissions: Type.Optional(Permissions),
    reason: Type.Optional(Reason),
  },
  Strict,
);

export const PatchRole = Type.Object(
  { name: Type.Optional(Text(80)), rank: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })), permissions: Type.Optional(Permissions), orgWidePermissions: Type.Optional(Permissions), reason: Type.Optional(Reason) },
  Strict,
);

export const RoleParams = Type.Object({ orgId: Type.String({ minLength: 1, maxLength: 64 }), key: Type.String({ minLength: 1, maxLength: 80 }) }, Strict);
