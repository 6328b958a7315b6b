import { Type } from '@sinclair/typebox';
import { Password } from './auth.contract.js';
import { Email, Reason, Strict } from './common.js';

/** `POST /me/email`: the new sign-in email, confirmed with the current password. */
export const ChangeMyEmail = Type.Object({ newEmail: Email, currentPassword: Password }, Strict);
/** `POST /orgs/{orgId}/members/{userId}/email`: an admin's change; support staff give a reason. */
export const ChangeMemberEmail = Type.Object({ newEmail: Email, reason: Type.Optional(Reason) }, Strict);
/** The answer to either request, the same whether or not the new address already has an account. */
export const EmailChangeStarted = Type.Object({
  status: Type.Literal('sent', { description: 'A confirmation link was mailed to the new address; nothing changes until it is used.' }),
});
export const EmailChangeTokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }) }, Strict);
export const EmailChanged = Type.Object({ email: Type.String({ description: 'The sign-in email from now on.' }) });
