import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { errorResponses, Id, OrgParams, Page, PageQuery, Strict } from '../../contracts/common.js';
import { CreateStore, PatchStore, Store } from '../../contracts/org.contract.js';
import { createStore, getStore, listOrgStores, patchStore } from '../../services/stores.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['stores'];
const StoreParams = Type.Object({ orgId: Id, storeId: Id }, Strict);

export function storeRoutes(app: Api, deps: Deps): void {
  app.get(
    '/orgs/:orgId/stores',
    {
      schema: {
        tags,
        params: OrgParams,
        querystring: Type.Object(
          { search: Type.Optional(Type.String({ maxLength: 200 })), status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('archived')])), ...PageQuery },
          Strict,
        ),
        response: { 200: Page(Store), ...errorResponses },
      },
    },
    (req) => listOrgStores(deps, requireSignedIn(req), req.params.orgId, req.query),
  );
  app.post('/orgs/:orgId/stores', { schema: { tags, params: OrgParams, body: CreateStore, response: { 201: Store, ...errorResponses } } }, async (req, reply) =>
    reply.code(201).send(await createStore(deps, requireSignedIn(req), req.params.orgId, req.body)),
  );
  app.get('/orgs/:orgId/stores/:storeId', { schema: { tags, params: StoreParams, response: { 200: Store, ...errorResponses } } }, (req) =>
    getStore(deps, requireSignedIn(req), req.params.orgId, req.params.storeId),
  );
  app.patch('/orgs/:orgId/stores/:storeId', { schema: { tags, params: StoreParams, body: PatchStore, response: { 200: Store, ...errorResponses } } }, (req) =>
    patchStore(deps, requireSignedIn(req), req.params.orgId, req.params.storeId, req.body),
  );
}
