import { Type } from '@sinclair/typebox';

/** `GET /orgs/{orgId}/my-access`: what the caller may do here, in plain words, and whom to ask for more. */
export const MyAccess = Type.Object({
  org: Type.Object({ id: Type.String(), name: Type.String(), preset: Type.String({ description: 'The preset the org was set up with, e.g. commerce.' }) }),
  isOwner: Type.Boolean(),
  stores: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), code: Type.String(), address: Type.String() }), {
    description: 'The stores the caller works in, by name.',
  }),
  roles: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      where: Type.String({ description: 'Plain words: "in every store", "in Old Town and Harbour".' }),
      canDo: Type.Array(Type.String(), { description: 'One plain sentence per area, e.g. "View and download sales."' }),
    }),
  ),
  exceptions: Type.Array(Type.String(), { description: 'Permissions given or taken away for this person only, in plain words.' }),
  audience: Type.Union([Type.Literal('staff'), Type.Literal('partner'), Type.Literal('customer')], {
    description: 'Who the caller is to the business: staff, a partner user or a customer user.',
  }),
  profile: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), canDo: Type.Array(Type.String()) }), Type.Null()], {
    description: 'Partner and customer users: their profile and what it lets them do in their customer accounts, in plain words.',
  }),
  customers: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), number: Type.Union([Type.String(), Type.Null()]) }), {
    description: 'Partner and customer users: the customer accounts they work with, by name.',
  }),
  admins: Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), email: Type.String(), isOwner: Type.Boolean() }), {
    description: "The org's active top admins: whom to ask for more access.",
  }),
  orgWidePermissions: Type.Array(Type.String(), { description: 'Permission keys the caller holds org-wide (for software deciding what to offer).' }),
});
