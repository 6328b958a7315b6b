import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Deps } from '../container.js';
import { Problem } from '../contracts/common.js';
import { newId } from '../lib/ids.js';
import { recordRefusal } from '../services/refusals.js';
import { ctxOf, installAuth } from './plugins/auth.js';
import { installConsole } from './plugins/console.js';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandling } from './plugins/errors.js';
import { installMetrics } from './plugins/metrics.js';
import { sharedRateLimitStore } from './plugins/rate-limit-store.js';
import { installRequestLog } from './plugins/request-log.js';
import { installSecondFactorGate } from './plugins/second-factor-gate.js';
import { installSecurityHeaders, securityHeaders } from './plugins/security-headers.js';
import { sharedSerializers } from './plugins/serializers.js';
import { installValidators } from './plugins/validation.js';
import { accessRoutes } from './routes/access.routes.js';
import { auditRoutes } from './routes/audit.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { meRoutes } from './routes/me.routes.js';
import { myAccessRoutes } from './routes/my-access.routes.js';
import { secondFactorRoutes } from './routes/second-factor.routes.js';
import { sessionRoutes } from './routes/sessions.routes.js';
import { userRoutes } from './routes/users.routes.js';
import { importRoutes } from './routes/imports.routes.js';
import { invitationRoutes } from './routes/invitations.routes.js';
import { memberRoutes } from './routes/members.routes.js';
import { orgRoutes } from './routes/orgs.routes.js';
import { roleRoutes } from './routes/roles.routes.js';
import { setupRoutes } from './routes/setup.routes.js';
import { storeRoutes } from './routes/stores.routes.js';
import { customerRoutes } from './routes/customers.routes.js';
import { profileRoutes } from './routes/profiles.routes.js';
import { supportListRoutes } from './routes/support-lists.routes.js';
import { supportRoutes } from './routes/support.routes.js';
import { scimAdminRoutes } from './routes/scim/scim-admin.routes.js';
import { identityProviderRoutes } from './routes/identity-provider.routes.js';
import { ssoRoutes } from './routes/sso.routes.js';
import { scimRoutes } from './routes/scim/scim.routes.js';
import { emailChangeRoutes } from './routes/email-change.routes.js';
import { signupRoutes } from './routes/signup.routes.js';

export interface AppOptions {
  logger?: boolean | object;
  /** First start only: the one-time token of the printed setup link. */
  setupToken?: string | undefined;
}

/** Builds the whole HTTP app without listening, so tests use it through `inject` or a real port. */
export async function buildApp(deps: Deps, options: AppOptions = {}): Promise<FastifyInstance> {
  const headers = securityHeaders(deps.config);
  const app = Fastify({
    logger: options.logger ?? false,
    // Errors raised before routing (bad %-encoding, over-long path parameter) and by Node's HTTP
    // parser answer problem+json with our codes too, never Fastify's own JSON (ASVS 16.5.3).
    frameworkErrors: frameworkErrorHandler((request, reply) => headers(request.raw, reply.raw, () => {})),
    clientErrorHandler,
    // One line per request instead of two, and none for health probes: plugins/request-log.ts.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.config.trustProxy,
    // Small bodies everywhere; a 10 MB JSON body is refused before it is parsed.
    bodyLimit: 256 * 1024,
    genReqId: () => newId(),
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: { buildSerializer: sharedSerializers() } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Work answered before it is done: its failures go to this app's log, and closing waits for it.
  deps.afterReply.onError = (name, err) => app.log.error({ err }, `${name} failed after the reply`);
  app.addHook('onClose', () => deps.afterReply.settled());

  installValidators(app);
  // Remove/suspend/reactivate may come without a body; validate them as `{}` so the route's
  // schema still decides (unknown fields refused, required fields reported).
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
    done();
  });
  installErrorHandling(app, (request, err) => {
    const orgId = (request.params as { orgId?: string } | undefined)?.orgId;
    const path = request.routeOptions.url ?? request.url;
    return recordRefusal(deps, ctxOf(request), { code: err.code, orgId, method: request.method, path, reasons: err.details?.reasons as string[] | undefined });
  });
  app.addSchema(Problem);

  installSecurityHeaders(app, deps.config);
  installRequestLog(app);
  // Counters live in the database, so every instance over it spends one budget (issue 14).
  await app.register(rateLimit, { global: false, store: sharedRateLimitStore(deps) });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Rolecall API', version: '1.0.0', description: 'Who may do what, in which store. Errors are RFC 9457 problem+json with a stable `code`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  // No `staticCSP`: swagger-ui's own policy forbids the inline styles it injects and always asks
  // for HTTPS; the app-wide policy above is the one it renders under.
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await installAuth(app, deps);
  installSecondFactorGate(app, deps);
  healthRoutes(app, deps);
  installMetrics(app, deps);
  await app.register(
    async (api) => {
      const typed = api.withTypeProvider<TypeBoxTypeProvider>();
      authRoutes(typed, deps);
      meRoutes(typed, deps);
      secondFactorRoutes(typed, deps);
      sessionRoutes(typed, deps);
      userRoutes(typed, deps);
      setupRoutes(typed, deps, { token: options.setupToken });
      orgRoutes(typed, deps);
      storeRoutes(typed, deps);
      customerRoutes(typed, deps);
      profileRoutes(typed, deps);
      memberRoutes(typed, deps);
      roleRoutes(typed, deps);
      accessRoutes(typed, deps);
      myAccessRoutes(typed, deps);
      auditRoutes(typed, deps);
      invitationRoutes(typed, deps);
      importRoutes(typed, deps);
      supportRoutes(typed, deps);
      supportListRoutes(typed, deps);
      scimAdminRoutes(typed, deps);
      identityProviderRoutes(typed, deps);
      ssoRoutes(typed, deps);
      emailChangeRoutes(typed, deps);
      signupRoutes(typed, deps);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  await app.register((scim) => scimRoutes(scim, deps), { prefix: '/scim/v2' });
  await installConsole(app);
  return app;
}
