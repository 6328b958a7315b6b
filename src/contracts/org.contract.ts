import { Type } from '@sinclair/typebox';
import { Id, Reason, Strict, TAB_AND_NEWLINE, Text } from './common.js';

export const PresetKey = Type.Union([Type.Literal('pos'), Type.Literal('merchant-portal'), Type.Literal('payments'), Type.Literal('retail'), Type.Literal('commerce')]);
export const BillingLevel = Type.Union([Type.Literal('store'), Type.Literal('org')]);

export const Org = Type.Object({
  id: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  preset: Type.String(),
  status: Type.String(),
  settings: Type.Object({
    billingLevel: BillingLevel,
    /** Where payouts are settled (seed 001), apart from where the org is billed. */
    settlementLevel: BillingLevel,
    singleSession: Type.Boolean(),
    inviteTtlDays: Type.Integer(),
    requireAdminSecondFactor: Type.Boolean(),
    /** Customers may create their own account in the customer hub. */
    customerSignup: Type.Boolean(),
    /** The customer profile a customer who signed up themselves gets. */
    defaultCustomerProfileId: Type.Union([Type.String(), Type.Null()]),
  }),
  ownerId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const CreateOrg = Type.Object(
  {
    name: Text(120),
    preset: Type.Optional(PresetKey),
    slug: Type.Optional(Type.String({ minLength: 2, maxLength: 60, pattern: '^[a-z0-9][a-z0-9-]*$' })),
    billingLevel: Type.Optional(BillingLevel),
    /** Absent: settled where billed. */
    settlementLevel: Type.Optional(BillingLevel),
    reason: Type.Optional(Reason),
  },
  Strict,
);

export const PatchOrg = Type.Object(
  {
    name: Type.Optional(Text(120)),
    settings: Type.Optional(
      Type.Object(
        {
          billingLevel: Type.Optional(BillingLevel),
          settlementLevel: Type.Optional(BillingLevel),
          singleSession: Type.Optional(Type.Boolean()),
          inviteTtlDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
          requireAdminSecondFactor: Type.Optional(Type.Boolean({ description: 'Top admins only: every top admin must sign in with a second factor.' })),
          customerSignup: Type.Optional(Type.Boolean()),
          defaultCustomerProfileId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'A profile for customers in this organization; null for none.' })),
        },
        Strict,
      ),
    ),
    reason: Type.Optional(Reason),
  },
  Strict,
);

export const OwnerTransfer = Type.Object({ userId: Id, reason: Type.Optional(Reason) }, Strict);

export const Store = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  code: Type.String(),
  address: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('archived')]),
});
export const StoreCode = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
export const CreateStore = Type.Object(
  { name: Text(120), code: StoreCode, address: Type.Optional(Type.String({ maxLength: 300, ...TAB_AND_NEWLINE })), reason: Type.Optional(Reason) },
  Strict,
);
export const PatchStore = Type.Object(
  {
    name: Type.Optional(Text(120)),
    code: Type.Optional(StoreCode),
    address: Type.Optional(Type.String({ maxLength: 300, ...TAB_AND_NEWLINE })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('archived')])),
    reason: Type.Optional(Reason),
  },
  Strict,
);
