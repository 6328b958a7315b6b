import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { errorResponses, MemberParams, OrgParams, Page } from '../../contracts/common.js';
import { CreateMember, Member, MemberAction, MemberDetail, MemberListQuery, PatchMember } from '../../contracts/member.contract.js';
import { removeMember, setMemberSuspended, updateMember } from '../../services/members-change.js';
import { createMember } from '../../services/members-create.js';
import { getOrgMember, listOrgMembers } from '../../services/members-read.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['members'];

export function memberRoutes(app: Api, deps: Deps): void {
  app.get(
    '/orgs/:orgId/members',
    { schema: { tags, summary: 'The team: search, filter, keyset pages', params: OrgParams, querystring: MemberListQuery, response: { 200: Page(Member), ...errorResponses } } },
    (req) => listOrgMembers(deps, requireSignedIn(req), req.params.orgId, req.query),
  );
  app.post(
    '/orgs/:orgId/members',
    {
      schema: {
        tags,
        summary: 'Create a person directly, without an invitation; they get an email to choose their password',
        params: OrgParams,
        body: CreateMember,
        response: { 201: Member, ...errorResponses },
      },
    },
    async (req, reply) => {
      const created = await createMember(deps, requireSignedIn(req), req.params.orgId, req.body);
      reply.code(201);
      return created;
    },
  );
  app.get(
    '/orgs/:orgId/members/:userId',
    { schema: { tags, summary: 'One member and what the caller may do to them', params: MemberParams, response: { 200: MemberDetail, ...errorResponses } } },
    (req) => getOrgMember(deps, requireSignedIn(req), req.params.orgId, req.params.userId),
  );
  app.patch(
    '/orgs/:orgId/members/:userId',
    { schema: { tags, summary: 'Change role assignments and overrides', params: MemberParams, body: PatchMember, response: { 200: Member, ...errorResponses } } },
    (req) => updateMember(deps, requireSignedIn(req), req.params.orgId, req.params.userId, req.body),
  );
  app.delete(
    '/orgs/:orgId/members/:userId',
    { schema: { tags, summary: 'Remove from this org only', params: MemberParams, body: MemberAction, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await removeMember(deps, requireSignedIn(req), req.params.orgId, req.params.userId, req.body);
      return reply.code(204).send(null);
    },
  );
  for (const [path, suspended] of [
    ['suspend', true],
    ['reactivate', false],
  ] as const) {
    app.post(
      `/orgs/:orgId/members/:userId/${path}`,
      { schema: { tags, params: MemberParams, body: MemberAction, response: { 200: Member, ...errorResponses } } },
      (req) => setMemberSuspended(deps, requireSignedIn(req), req.params.orgId, req.params.userId, suspended, req.body),
    );
  }
}
