import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { errorResponses, OrgParams, Page } from '../../contracts/common.js';
import { CreateCustomer, Customer, CustomerListQuery, CustomerParams, PatchCustomer } from '../../contracts/customer.contract.js';
import { OptionalReason } from '../../contracts/session.contract.js';
import { createCustomer, getCustomer, listOrgCustomers, patchCustomer, removeCustomer } from '../../services/customers.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['customers'];

export function customerRoutes(app: Api, deps: Deps): void {
  app.get('/orgs/:orgId/customers', { schema: { tags, params: OrgParams, querystring: CustomerListQuery, response: { 200: Page(Customer), ...errorResponses } } }, (req) =>
    listOrgCustomers(deps, requireSignedIn(req), req.params.orgId, req.query),
  );
  app.post('/orgs/:orgId/customers', { schema: { tags, params: OrgParams, body: CreateCustomer, response: { 201: Customer, ...errorResponses } } }, async (req, reply) =>
    reply.code(201).send(await createCustomer(deps, requireSignedIn(req), req.params.orgId, req.body)),
  );
  app.get('/orgs/:orgId/customers/:customerId', { schema: { tags, params: CustomerParams, response: { 200: Customer, ...errorResponses } } }, (req) =>
    getCustomer(deps, requireSignedIn(req), req.params.orgId, req.params.customerId),
  );
  app.patch('/orgs/:orgId/customers/:customerId', { schema: { tags, params: CustomerParams, body: PatchCustomer, response: { 200: Customer, ...errorResponses } } }, (req) =>
    patchCustomer(deps, requireSignedIn(req), req.params.orgId, req.params.customerId, req.body),
  );
  app.delete('/orgs/:orgId/customers/:customerId', { schema: { tags, params: CustomerParams, body: OptionalReason, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await removeCustomer(deps, requireSignedIn(req), req.params.orgId, req.params.customerId, req.body?.reason);
    return reply.code(204).send(null);
  });
}
