import { Type } from '@sinclair/typebox';
import { Strict } from './common.js';

/** The lists behind the support dashboard's tiles (seed 000): each tile opens the list it counts. */

const OrgRef = Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() });
const Search = Type.Optional(Type.String({ maxLength: 200 }));
const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });

export const SupportPeopleQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Union([Type.Literal('member'), Type.Literal('locked'), Type.Literal('deactivated')], {
        description: 'member: belongs to an org; locked: sign-in locked now; deactivated: account deactivated. Absent: everyone.',
      }),
    ),
    search: Search,
    limit: Limit,
  },
  Strict,
);

export const SupportPerson = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  status: Type.String(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  orgs: Type.Array(OrgRef),
});

export const SupportInvitationsQuery = Type.Object(
  {
    state: Type.Union([Type.Literal('pending'), Type.Literal('expired')], { default: 'pending', description: 'pending: still valid; expired: past its date unanswered.' }),
    search: Search,
    limit: Limit,
  },
  Strict,
);

export const SupportInvitation = Type.Object({
  id: Type.String(),
  email: Type.String(),
  firstName: Type.Union([Type.String(), Type.Null()]),
  lastName: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.String(),
  org: OrgRef,
});
