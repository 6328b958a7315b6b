import { Type } from '@sinclair/typebox';
import { PAYMENT_METHODS, PROFILE_LEVELS, PROFILE_SETS } from '../domain/profiles.js';
import { Id, Reason, Strict, Text } from './common.js';

const Level = Type.Union(PROFILE_LEVELS.map((l) => Type.Literal(l)));

/** Every set with its level (a set not given reads as none). */
const Levels = Type.Object(Object.fromEntries(PROFILE_SETS.map((s) => [s, Level])));

/**
 * Levels as asked: set → level. Checked by the service so an unknown set or level gets a plain
 * sentence (which set, which levels exist) instead of a schema message.
 */
const LevelsInput = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 20 }), {
  maxProperties: 20,
  description: `Access level (${PROFILE_LEVELS.join(' < ')}) per permission set: ${PROFILE_SETS.join(', ')}. A set left out is none.`,
});

const PaymentMethods = Type.Array(Type.String({ maxLength: 40 }), {
  maxItems: 10,
  description: `Methods the Pay Invoices level allows (${PAYMENT_METHODS.join(', ')}); only with pay_invoices at edit or full.`,
});

const HomeTemplate = Type.Union([Text(120), Type.Null()], { description: 'The subscription home template the profile’s users see.' });

const Configuration = Type.Record(Type.String({ minLength: 1, maxLength: 60 }), Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]), {
  maxProperties: 50,
  description: 'Values of the customer experience (seed 002 "Configurations").',
});

const ProfileAudience = Type.Union([Type.Literal('partner'), Type.Literal('customer')]);

/** A profile: a named permission set partner or customer users hold (seed 002). */
export const Profile = Type.Object({
  id: Type.String(),
  name: Type.String(),
  audience: ProfileAudience,
  levels: Levels,
  paymentMethods: Type.Array(Type.String()),
  homeTemplate: Type.Union([Type.String(), Type.Null()]),
  configuration: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
});

export const CreateProfile = Type.Object(
  {
    name: Text(80),
    audience: ProfileAudience,
    levels: LevelsInput,
    paymentMethods: Type.Optional(PaymentMethods),
    homeTemplate: Type.Optional(HomeTemplate),
    configuration: Type.Optional(Configuration),
    reason: Type.Optional(Reason),
  },
  Strict,
);

/** `levels` changes only the sets given; the others keep their level. */
export const PatchProfile = Type.Object(
  {
    name: Type.Optional(Text(80)),
    levels: Type.Optional(LevelsInput),
    paymentMethods: Type.Optional(PaymentMethods),
    homeTemplate: Type.Optional(HomeTemplate),
    configuration: Type.Optional(Configuration),
    reason: Type.Optional(Reason),
  },
  Strict,
);

export const ProfileParams = Type.Object({ orgId: Id, profileId: Id }, Strict);

export const ProfileListQuery = Type.Object({ audience: Type.Optional(ProfileAudience) }, Strict);

export const ProfileList = Type.Object({ items: Type.Array(Profile) });
