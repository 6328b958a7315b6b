import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { errorResponses, OrgParams } from '../../contracts/common.js';
import { CreateProfile, PatchProfile, Profile, ProfileList, ProfileListQuery, ProfileParams } from '../../contracts/profile.contract.js';
import { OptionalReason } from '../../contracts/session.contract.js';
import { createProfile, getProfile, listOrgProfiles, patchProfile, removeProfile } from '../../services/profiles.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['profiles'];

export function profileRoutes(app: Api, deps: Deps): void {
  app.get('/orgs/:orgId/profiles', { schema: { tags, params: OrgParams, querystring: ProfileListQuery, response: { 200: ProfileList, ...errorResponses } } }, (req) =>
    listOrgProfiles(deps, requireSignedIn(req), req.params.orgId, req.query),
  );
  app.post('/orgs/:orgId/profiles', { schema: { tags, params: OrgParams, body: CreateProfile, response: { 201: Profile, ...errorResponses } } }, async (req, reply) =>
    reply.code(201).send(await createProfile(deps, requireSignedIn(req), req.params.orgId, req.body)),
  );
  app.get('/orgs/:orgId/profiles/:profileId', { schema: { tags, params: ProfileParams, response: { 200: Profile, ...errorResponses } } }, (req) =>
    getProfile(deps, requireSignedIn(req), req.params.orgId, req.params.profileId),
  );
  app.patch('/orgs/:orgId/profiles/:profileId', { schema: { tags, params: ProfileParams, body: PatchProfile, response: { 200: Profile, ...errorResponses } } }, (req) =>
    patchProfile(deps, requireSignedIn(req), req.params.orgId, req.params.profileId, req.body),
  );
  app.delete('/orgs/:orgId/profiles/:profileId', { schema: { tags, params: ProfileParams, body: OptionalReason, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await removeProfile(deps, requireSignedIn(req), req.params.orgId, req.params.profileId, req.body?.reason);
    return reply.code(204).send(null);
  });
}
