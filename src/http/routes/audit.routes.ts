import type { Deps } from '../../container.js';
import { errorResponses, OrgParams, Page } from '../../contracts/common.js';
import { AuditEvent, AuditQuery } from '../../contracts/audit.contract.js';
import { orgAudit, platformAudit } from '../../services/audit-log.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['audit'];

export function auditRoutes(app: Api, deps: Deps): void {
  app.get(
    '/orgs/:orgId/audit',
    { schema: { tags, summary: 'User history: who changed what (newest first)', params: OrgParams, querystring: AuditQuery, response: { 200: Page(AuditEvent), ...errorResponses } } },
    (req) => orgAudit(deps, requireSignedIn(req), req.params.orgId, req.query),
  );
  app.get('/audit', { schema: { tags, summary: 'Platform-wide audit log (platform staff)', querystring: AuditQuery, response: { 200: Page(AuditEvent), ...errorResponses } } }, (req) =>
    platformAudit(deps, requireSignedIn(req), req.query),
  );
}
