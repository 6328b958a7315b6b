import { Type } from '@sinclair/typebox';
import { Id, Reason, Strict, Text } from './common.js';
import { SignedInUser } from './auth.contract.js';

/**
 * WebAuthn JSON as `@simplewebauthn/browser` produces and takes it. The inner objects are the
 * authenticator's, defined by the WebAuthn spec and verified cryptographically as a whole;
 * nothing in them is bound to a row, so they are passed through as they are.
 */
const Open = { additionalProperties: true } as const;
export const WebAuthnOptions = Type.Object({ challenge: Type.String() }, { ...Open, description: 'PublicKeyCredential options JSON for @simplewebauthn/browser' });
export const PasskeyCredential = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 1024 }),
    rawId: Type.String({ minLength: 1, maxLength: 1024 }),
    type: Type.Literal('public-key'),
    response: Type.Object({}, Open),
    clientExtensionResults: Type.Optional(Type.Object({}, Open)),
    authenticatorAttachment: Type.Optional(Type.String({ maxLength: 40 })),
  },
  Strict,
);

export const SecondFactorMethod = Type.Union([Type.Literal('totp'), Type.Literal('recovery_code'), Type.Literal('passkey')]);

/** 202 from login/token when the password was right and a second factor follows. */
export const SecondFactorChallenge = Type.Object({
  status: Type.Literal('second_factor_required'),
  signInToken: Type.String({ description: 'Short-lived, single-use; send it with the second factor.' }),
  expiresAt: Type.String(),
  methods: Type.Array(SecondFactorMethod),
  passkeyOptions: Type.Union([WebAuthnOptions, Type.Null()]),
});

export const SecondStepRequest = Type.Object(
  {
    signInToken: Type.String({ minLength: 20, maxLength: 200 }),
    totpCode: Type.Optional(Type.String({ minLength: 1, maxLength: 12 })),
    recoveryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    passkey: Type.Optional(PasskeyCredential),
  },
  { ...Strict, description: 'Exactly one of totpCode, recoveryCode, passkey.' },
);

/** Browser second step: the session cookie is set, as by login. */
export const SecondStepLoginResponse = Type.Object({ user: SignedInUser, csrfToken: Type.String() });

export const FactorRequirement = Type.Union([Type.Literal('platform_staff'), Type.Literal('org_admin'), Type.Null()]);
export const SecondFactorStatus = Type.Object({
  required: FactorRequirement,
  restricted: Type.Boolean({ description: 'This session may only enrol a second factor.' }),
  sessionVerified: Type.Boolean(),
  factors: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.Union([Type.Literal('totp'), Type.Literal('passkey')]),
      label: Type.String(),
      createdAt: Type.String(),
      lastUsedAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  recoveryCodesLeft: Type.Integer(),
});

export const TotpEnrolment = Type.Object({
  factorId: Type.String(),
  secret: Type.String({ description: 'Base32, for typing into an authenticator app.' }),
  uri: Type.String({ description: 'otpauth:// URI, shown as a QR code.' }),
});
export const ConfirmTotp = Type.Object({ code: Type.String({ minLength: 1, maxLength: 12 }) }, Strict);
export const RecoveryCodes = Type.Object({ recoveryCodes: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'Shown once; null when earlier codes are still valid.' }) });
export const RegisterPasskey = Type.Object({ name: Type.Optional(Text(80)), credential: PasskeyCredential }, Strict);
export const PasskeyRegistered = Type.Object({ factorId: Type.String(), recoveryCodes: Type.Union([Type.Array(Type.String()), Type.Null()]) });
export const FactorParams = Type.Object({ id: Id }, Strict);

export const MemberFactorReset = Type.Object({ reason: Type.Optional(Reason) }, Strict);
export const UserFactorReset = Type.Object({ reason: Reason }, Strict);
export const FactorResetResult = Type.Object({ factorsRemoved: Type.Integer(), sessionsEnded: Type.Integer() });
