import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { errorResponses, OrgParams } from '../../contracts/common.js';
import { IdentityProvider, IdentityProviderTestResult, SetIdentityProvider, TestIdentityProvider } from '../../contracts/identity.contract.js';
import { getIdentityProvider, removeIdentityProvider, setIdentityProvider, testIdentityProvider } from '../../services/oidc/provider-config.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['identity provider'];
const path = '/orgs/:orgId/identity-provider';

/** An org's OpenID Connect provider (the "Identity provider" settings page). */
export function identityProviderRoutes(app: Api, deps: Deps): void {
  app.get(path, { schema: { tags, summary: "The business's OpenID Connect provider (never its client secret)", params: OrgParams, response: { 200: IdentityProvider, ...errorResponses } } }, (req) =>
    getIdentityProvider(deps, requireSignedIn(req), req.params.orgId),
  );
  app.put(
    path,
    { schema: { tags, summary: 'Sets the provider after checking it answers discovery', params: OrgParams, body: SetIdentityProvider, response: { 200: IdentityProvider, ...errorResponses } } },
    (req) => setIdentityProvider(deps, requireSignedIn(req), req.params.orgId, req.body),
  );
  app.delete(path, { schema: { tags, summary: 'Removes the provider; its people sign in with passwords again', params: OrgParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await removeIdentityProvider(deps, requireSignedIn(req), req.params.orgId);
    return reply.code(204).send(null);
  });
  app.post(
    `${path}/test`,
    { schema: { tags, summary: 'Runs discovery against an issuer; nothing is saved', params: OrgParams, body: TestIdentityProvider, response: { 200: IdentityProviderTestResult, ...errorResponses } } },
    (req) => testIdentityProvider(deps, requireSignedIn(req), req.params.orgId, req.body),
  );
}
