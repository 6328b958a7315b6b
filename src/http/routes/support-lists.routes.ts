import type { Deps } from '../../container.js';
import { errorResponses, Page } from '../../contracts/common.js';
import { SupportInvitation, SupportInvitationsQuery, SupportPeopleQuery, SupportPerson } from '../../contracts/support-lists.contract.js';
import { supportInvitations, supportPeople } from '../../services/support/lists.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['support'];

/** The lists the support dashboard's tiles open. Platform staff only; everyone else gets 404. */
export function supportListRoutes(app: Api, deps: Deps): void {
  app.get(
    '/support/people',
    {
      schema: {
        tags,
        summary: 'People across every org: members, accounts locked now, or deactivated accounts; with their orgs',
        querystring: SupportPeopleQuery,
        response: { 200: Page(SupportPerson), ...errorResponses },
      },
    },
    (req) => supportPeople(deps, requireSignedIn(req), req.query),
  );
  app.get(
    '/support/invitations',
    {
      schema: {
        tags,
        summary: 'Pending (still valid) or expired invitations across every org',
        querystring: SupportInvitationsQuery,
        response: { 200: Page(SupportInvitation), ...errorResponses },
      },
    },
    (req) => supportInvitations(deps, requireSignedIn(req), req.query),
  );
}
