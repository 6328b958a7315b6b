import type { Deps } from '../../../container.js';
import { errorResponses, OrgParams } from '../../../contracts/common.js';
import { CreateScimToken, GroupMappingParams, GroupMappings, ScimEvents, ScimToken, ScimTokenCreated, ScimTokenList, ScimTokenParams, SetGroupMapping } from '../../../contracts/scim.contract.js';
import { listScimEvents } from '../../../services/scim/events.js';
import { listGroupMappings, removeGroupMapping, setDefaultRole, setGroupMapping } from '../../../services/scim/group-mappings.js';
import { createScimToken, listScimTokens, revokeScimToken } from '../../../services/scim/tokens.js';
import type { Api } from '../../api.js';
import { requireSignedIn } from '../../plugins/auth.js';

const tags = ['provisioning'];

/** The Provisioning page's API: SCIM tokens, group → role mappings and recent SCIM changes. */
export function scimAdminRoutes(app: Api, deps: Deps): void {
  app.get('/orgs/:orgId/scim-tokens', { schema: { tags, summary: 'Provisioning tokens (never their values)', params: OrgParams, response: { 200: ScimTokenList, ...errorResponses } } }, (req) =>
    listScimTokens(deps, requireSignedIn(req), req.params.orgId),
  );
  app.post(
    '/orgs/:orgId/scim-tokens',
    { schema: { tags, summary: 'Creates a provisioning token; its value is returned this once', params: OrgParams, body: CreateScimToken, response: { 201: ScimTokenCreated, ...errorResponses } } },
    async (req, reply) => reply.code(201).send(await createScimToken(deps, requireSignedIn(req), req.params.orgId, req.body)),
  );
  app.post(
    '/orgs/:orgId/scim-tokens/:tokenId/revoke',
    { schema: { tags, summary: 'Revokes a provisioning token at once', params: ScimTokenParams, response: { 200: ScimToken, ...errorResponses } } },
    (req) => revokeScimToken(deps, requireSignedIn(req), req.params.orgId, req.params.tokenId),
  );
  app.get('/orgs/:orgId/scim-groups', { schema: { tags, summary: 'Group → role mappings', params: OrgParams, response: { 200: GroupMappings, ...errorResponses } } }, (req) =>
    listGroupMappings(deps, requireSignedIn(req), req.params.orgId),
  );
  app.put(
    '/orgs/:orgId/scim-groups/:displayName',
    { schema: { tags, summary: "Maps an identity provider's group to a role; its members follow at once", params: GroupMappingParams, body: SetGroupMapping, response: { 200: GroupMappings, ...errorResponses } } },
    (req) => setGroupMapping(deps, requireSignedIn(req), req.params.orgId, req.params.displayName, req.body),
  );
  app.delete(
    '/orgs/:orgId/scim-groups/:displayName',
    { schema: { tags, summary: 'Removes a mapping; its members lose the role', params: GroupMappingParams, response: { 200: GroupMappings, ...errorResponses } } },
    (req) => removeGroupMapping(deps, requireSignedIn(req), req.params.orgId, req.params.displayName),
  );
  app.put(
    '/orgs/:orgId/scim-default-role',
    { schema: { tags, summary: 'The role people from the identity provider hold while no mapped group gives one', params: OrgParams, body: SetGroupMapping, response: { 200: GroupMappings, ...errorResponses } } },
    (req) => setDefaultRole(deps, requireSignedIn(req), req.params.orgId, req.body),
  );
  app.get('/orgs/:orgId/scim-events', { schema: { tags, summary: 'Recent changes made through provisioning', params: OrgParams, response: { 200: ScimEvents, ...errorResponses } } }, (req) =>
    listScimEvents(deps, requireSignedIn(req), req.params.orgId),
  );
}
