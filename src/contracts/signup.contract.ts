import { Type } from '@sinclair/typebox';
import { Password } from './auth.contract.js';
import { Email, Strict, Text } from './common.js';

/** An org by id or slug: sign-up links are shared by their readable slug. */
export const SignupOrgParams = Type.Object({ orgId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'The org id or slug.' }) }, Strict);
export const SignupOffer = Type.Object({ orgName: Type.String() });
export const SignupRequest = Type.Object(
  {
    email: Email,
    firstName: Text(100),
    lastName: Text(100),
    companyName: Type.Optional(Text(200)),
  },
  Strict,
);
/** The same answer whether or not the email already has an account: the mail says which. */
export const SignupStarted = Type.Object({ status: Type.Literal('sent') });
export const SignupTokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }) }, Strict);
export const SignupPreview = Type.Object({ orgName: Type.String(), email: Type.String(), firstName: Type.String(), lastName: Type.String() });
export const CompleteSignup = Type.Object({ password: Password }, Strict);
export const SignupDone = Type.Object({
  orgId: Type.String(),
  userId: Type.String(),
  email: Type.String(),
  customerId: Type.String({ description: 'The new customer account.' }),
  signedIn: Type.Boolean({ description: 'A browser session was started (cookie); false when someone was already signed in here.' }),
});
