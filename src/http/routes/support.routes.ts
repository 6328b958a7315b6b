import type { Deps } from '../../container.js';
import { errorResponses, Page } from '../../contracts/common.js';
import { SupportDashboard, SupportOwner, SupportSearchQuery, SupportStore, Troubleshoot, TroubleshootQuery } from '../../contracts/support.contract.js';
import { supportDashboard } from '../../services/support/dashboard.js';
import { searchOwners, searchStores } from '../../services/support/search.js';
import { troubleshoot } from '../../services/support/troubleshoot.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['support'];

/** The support portal's cross-org reads (seed 000). Platform staff only; everyone else gets 404. */
export function supportRoutes(app: Api, deps: Deps): void {
  app.get('/support/dashboard', { schema: { tags, summary: 'Counts support staff watch', response: { 200: SupportDashboard, ...errorResponses } } }, (req) =>
    supportDashboard(deps, requireSignedIn(req)),
  );
  app.get(
    '/support/owners',
    { schema: { tags, summary: 'Account owners by name or email, with their orgs', querystring: SupportSearchQuery, response: { 200: Page(SupportOwner), ...errorResponses } } },
    (req) => searchOwners(deps, requireSignedIn(req), req.query),
  );
  app.get(
    '/support/stores',
    { schema: { tags, summary: 'Stores across every org by name, code, address or ID', querystring: SupportSearchQuery, response: { 200: Page(SupportStore), ...errorResponses } } },
    (req) => searchStores(deps, requireSignedIn(req), req.query),
  );
  app.get(
    '/support/troubleshoot',
    {
      schema: {
        tags,
        summary: 'By exact sign-in email: orgs, invitations, roles, stores, lock, sessions, and why a store is (not) reachable',
        querystring: TroubleshootQuery,
        response: { 200: Troubleshoot, ...errorResponses },
      },
    },
    (req) => troubleshoot(deps, requireSignedIn(req), req.query),
  );
}
