import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../../container.js';
import { scimDiscovery } from '../../../services/scim/discovery.js';
import { createScimGroup, deleteScimGroupById, getScimGroup, listScimGroupsPage, patchScimGroup, replaceScimGroup } from '../../../services/scim/groups.js';
import { createScimUser, deleteScimUser, getScimUser, listScimUsersPage, patchScimUser, replaceScimUser } from '../../../services/scim/users.js';
import { installScimContext, scimCaller } from './scim-plugin.js';

/** SCIM is a protocol of its own (RFC 7644), so its routes stay out of Rolecall's OpenAPI document. */
const hidden = { schema: { hide: true } };

type ListQuery = { filter?: string; startIndex?: string; count?: string };
const num = (v: string | undefined) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v));
const listQuery = (req: FastifyRequest) => {
  const q = req.query as ListQuery;
  return { filter: q.filter, startIndex: num(q.startIndex), count: num(q.count) };
};
const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

/** /scim/v2: Users, Groups and the discovery endpoints, for one org's provisioning token. */
export async function scimRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  installScimContext(api, deps);
  const base = `${deps.config.publicUrl}/scim/v2`;
  const docs = scimDiscovery(base);

  api.get('/ServiceProviderConfig', hidden, async () => docs.serviceProviderConfig);
  api.get('/ResourceTypes', hidden, async () => docs.resourceTypes);
  api.get('/ResourceTypes/:id', hidden, async (req, reply) => docs.resourceType(idOf(req)) ?? reply.callNotFound());
  api.get('/Schemas', hidden, async () => docs.schemas);
  api.get('/Schemas/:id', hidden, async (req, reply) => docs.schema(idOf(req)) ?? reply.callNotFound());

  api.get('/Users', hidden, async (req) => listScimUsersPage(deps, scimCaller(req), base, listQuery(req)));
  api.post('/Users', hidden, async (req, reply) => reply.code(201).send(await createScimUser(deps, scimCaller(req), base, req.body)));
  api.get('/Users/:id', hidden, async (req) => getScimUser(deps, scimCaller(req), base, idOf(req)));
  api.put('/Users/:id', hidden, async (req) => replaceScimUser(deps, scimCaller(req), base, idOf(req), req.body));
  api.patch('/Users/:id', hidden, async (req) => patchScimUser(deps, scimCaller(req), base, idOf(req), req.body));
  api.delete('/Users/:id', hidden, async (req, reply) => {
    await deleteScimUser(deps, scimCaller(req), idOf(req));
    return reply.code(204).send();
  });

  api.get('/Groups', hidden, async (req) => listScimGroupsPage(deps, scimCaller(req), base, listQuery(req)));
  api.post('/Groups', hidden, async (req, reply) => reply.code(201).send(await createScimGroup(deps, scimCaller(req), base, req.body)));
  api.get('/Groups/:id', hidden, async (req) => getScimGroup(deps, scimCaller(req), base, idOf(req)));
  api.put('/Groups/:id', hidden, async (req) => replaceScimGroup(deps, scimCaller(req), base, idOf(req), req.body));
  api.patch('/Groups/:id', hidden, async (req) => patchScimGroup(deps, scimCaller(req), base, idOf(req), req.body));
  api.delete('/Groups/:id', hidden, async (req, reply) => {
    await deleteScimGroupById(deps, scimCaller(req), idOf(req));
    return reply.code(204).send();
  });
}
