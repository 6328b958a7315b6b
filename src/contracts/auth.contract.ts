import { Type } from '@sinclair/typebox';
import { Email, Strict } from './common.js';

/** Bodies over this are refused before any hashing work (SECURITY.md). */
export const Password = Type.String({ minLength: 1, maxLength: 4096 });

export const TokenRequest = Type.Object({ email: Email, password: Password }, Strict);
export const TokenResponse = Type.Object({ token: Type.String(), expiresAt: Type.String() });
