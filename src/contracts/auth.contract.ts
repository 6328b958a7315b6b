import { Type } from '@sinclair/typebox';
import { Email, Strict } from './common.js';

/** Bodies over this are refused before any hashing work (SECURITY.md). */
export const Password = Type.String({ minLength: 1, maxLength: 4096 });

export const TokenRequest = Type.Object({ email: Email, password: Password }, Strict);
export const TokenResponse = Type.Object({ token: Type.String(), expiresAt: Type.String() });

export const SignedInUser = Type.Object({ id: Type.String(), email: Type.String(), firstName: Type.String(), lastName: Type.String(), platformRole: Type.Union([Type.String(), Type.Null()]) });
/** Browser sign-in: the session travels in the HttpOnly `rc_session` cookie; the CSRF token in the body. */
export const LoginResponse = Type.Object({ user: SignedInUser, csrfToken: Type.String() });
export const ForgotRequest = Type.Object({ email: Email }, Strict);
export const Accepted = Type.Object({ status: Type.Literal('sent') });
export const ResetRequest = Type.Object({ token: Type.String({ minLength: 20, maxLength: 200 }), password: Password }, Strict);
export const ChangePasswordRequest = Type.Object({ currentPassword: Password, newPassword: Password }, Strict);
export const Done = Type.Object({ status: Type.Literal('ok') });
