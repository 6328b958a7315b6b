import { Type } from '@sinclair/typebox';
import { Email, Strict } from './common.js';

const Url = Type.String({ minLength: 8, maxLength: 500 });
const Secret = Type.String({ minLength: 1, maxLength: 500 });

export const IdentityProvider = Type.Object({
  issuer: Type.String(),
  clientId: Type.String(),
  hasClientSecret: Type.Boolean({ description: 'The secret itself is never returned.' }),
  scopes: Type.String(),
  domains: Type.Array(Type.String()),
  allowJustInTime: Type.Boolean({ description: 'Unknown people of these domains are created on first sign-in, with the default role for provisioned people.' }),
  updatedAt: Type.String(),
});

export const SetIdentityProvider = Type.Object(
  {
    issuer: Url,
    clientId: Type.String({ minLength: 1, maxLength: 200 }),
    clientSecret: Type.Optional(Secret),
    scopes: Type.Optional(Type.String({ minLength: 6, maxLength: 200 })),
    domains: Type.Array(Type.String({ minLength: 3, maxLength: 253 }), { minItems: 1, maxItems: 50 }),
    allowJustInTime: Type.Optional(Type.Boolean()),
  },
  Strict,
);

export const TestIdentityProvider = Type.Object({ issuer: Url, clientId: Type.String({ minLength: 1, maxLength: 200 }), clientSecret: Type.Optional(Secret) }, Strict);
export const IdentityProviderTestResult = Type.Object({ issuer: Type.String(), endSession: Type.Boolean({ description: 'The provider offers sign-out (end session).' }) });

export const SsoStartRequest = Type.Object({ email: Email }, Strict);
export const SsoStartResponse = Type.Union([
  Type.Object({ redirectUrl: Type.String({ description: "Send the browser here: the business's identity provider." }) }),
  Type.Object({ password: Type.Literal(true, { description: 'No provider covers this email: ask for the password.' }) }),
]);
export const SsoLogoutUrl = Type.Object({ redirectUrl: Type.Union([Type.String(), Type.Null()], { description: "After signing out here, the provider's own sign-out, when it offers one." }) });
