import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { TokenResponse } from '../../contracts/auth.contract.js';
import { errorResponses, MemberParams } from '../../contracts/common.js';
import {
  ConfirmTotp,
  FactorParams,
  FactorResetResult,
  MemberFactorReset,
  PasskeyRegistered,
  RecoveryCodes,
  RegisterPasskey,
  SecondFactorStatus,
  SecondStepLoginResponse,
  SecondStepRequest,
  TotpEnrolment,
  UserFactorReset,
  WebAuthnOptions,
} from '../../contracts/second-factor.contract.js';
import { UserParams } from '../../contracts/session.contract.js';
import { completeSecondStep } from '../../services/second-factor/complete-sign-in.js';
import { confirmTotp, passkeyOptions, registerPasskey, startTotp } from '../../services/second-factor/enrol.js';
import { getSecondFactorStatus, regenerateRecoveryCodes, removeFactor } from '../../services/second-factor/manage.js';
import { resetMemberSecondFactor, resetUserSecondFactor } from '../../services/second-factor/reset.js';
import type { Api } from '../api.js';
import { ctxOf, requireSignedIn } from '../plugins/auth.js';
import { credentialLimits } from '../plugins/credential-limits.js';
import { cookieSignedIn } from './auth.routes.js';

const tags = ['second factor'];
/** Open to a session that may only enrol (plugins/second-factor-gate.ts). */
const enrolment = { enrolment: true as const };
const withLocked = { ...errorResponses, 423: Type.Ref('Problem') };

export function secondFactorRoutes(app: Api, deps: Deps): void {
  // The second step of a sign-in acts without a session, like login: Origin check only.
  app.post(
    '/auth/login/second-factor',
    {
      config: { csrf: 'origin-only' },
      preHandler: credentialLimits(app, deps, 'second-factor'),
      schema: { tags, summary: 'Browser sign-in, second step: TOTP code, recovery code or passkey → the rc_session cookie', security: [], body: SecondStepRequest, response: { 200: SecondStepLoginResponse, ...withLocked } },
    },
    async (req, reply) => cookieSignedIn(deps, reply, await completeSecondStep(deps, ctxOf(req), 'cookie', req.body)),
  );
  app.post(
    '/auth/token/second-factor',
    {
      config: { csrf: 'origin-only' },
      preHandler: credentialLimits(app, deps, 'second-factor'),
      schema: { tags, summary: 'Token sign-in, second step → bearer token', security: [], body: SecondStepRequest, response: { 200: TokenResponse, ...withLocked } },
    },
    async (req) => {
      const s = await completeSecondStep(deps, ctxOf(req), 'token', req.body);
      return { token: s.token, expiresAt: s.expiresAt };
    },
  );

  app.get(
    '/me/second-factor',
    { config: enrolment, schema: { tags, summary: 'My second factors, whether I must use one, and whether this session may only enrol', response: { 200: SecondFactorStatus, ...errorResponses } } },
    (req) => getSecondFactorStatus(deps, requireSignedIn(req)),
  );
  app.post(
    '/me/second-factor/totp',
    { config: enrolment, schema: { tags, summary: 'Start setting up an authenticator app: the secret and otpauth:// URI', response: { 200: TotpEnrolment, ...errorResponses } } },
    (req) => startTotp(deps, requireSignedIn(req)),
  );
  app.post(
    '/me/second-factor/totp/confirm',
    {
      config: enrolment,
      preHandler: credentialLimits(app, deps, 'totp-confirm'),
      schema: { tags, summary: 'Confirm the authenticator app with a code; the first factor returns recovery codes (shown once)', body: ConfirmTotp, response: { 200: RecoveryCodes, ...errorResponses } },
    },
    (req) => confirmTotp(deps, requireSignedIn(req), req.body.code),
  );
  app.post(
    '/me/second-factor/passkeys/options',
    { config: enrolment, schema: { tags, summary: 'WebAuthn registration options for a new passkey', response: { 200: WebAuthnOptions, ...errorResponses } } },
    (req) => passkeyOptions(deps, requireSignedIn(req)),
  );
  app.post(
    '/me/second-factor/passkeys',
    { config: enrolment, schema: { tags, summary: 'Register a passkey; the first factor returns recovery codes (shown once)', body: RegisterPasskey, response: { 201: PasskeyRegistered, ...errorResponses } } },
    async (req, reply) => reply.code(201).send(await registerPasskey(deps, requireSignedIn(req), req.body)),
  );
  app.post(
    '/me/second-factor/recovery-codes',
    { schema: { tags, summary: 'New recovery codes (shown once); the old ones stop working', response: { 200: RecoveryCodes, ...errorResponses } } },
    (req) => regenerateRecoveryCodes(deps, requireSignedIn(req)),
  );
  app.delete(
    '/me/second-factor/factors/:id',
    { schema: { tags, summary: 'Remove one of my second factors', params: FactorParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await removeFactor(deps, requireSignedIn(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/orgs/:orgId/members/:userId/second-factor/reset',
    {
      schema: { tags, summary: "Top admin or support: reset a member's second factor (ends their sessions)", params: MemberParams, body: MemberFactorReset, response: { 200: FactorResetResult, ...errorResponses } },
    },
    (req) => resetMemberSecondFactor(deps, requireSignedIn(req), req.params.orgId, req.params.userId, req.body.reason),
  );
  app.post(
    '/users/:id/second-factor/reset',
    { schema: { tags: ['platform'], summary: "Platform staff: reset a user's second factor, with a reason (ends their sessions)", params: UserParams, body: UserFactorReset, response: { 200: FactorResetResult, ...errorResponses } } },
    (req) => resetUserSecondFactor(deps, requireSignedIn(req), req.params.id, req.body.reason),
  );
}
