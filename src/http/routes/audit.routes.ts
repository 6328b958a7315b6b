import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { errorResponses, OrgParams, Page } from '../../contracts/common.js';
import { AuditEvent, AuditExportQuery, AuditFilterChoices, AuditQuery } from '../../contracts/audit.contract.js';
import { exportOrgAudit } from '../../services/audit-export.js';
import { orgAudit, orgAuditChoices, platformAudit } from '../../services/audit-log.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['audit'];

export function auditRoutes(app: Api, deps: Deps): void {
  app.get(
    '/orgs/:orgId/audit',
    { schema: { tags, summary: 'User history: who changed what (newest first)', params: OrgParams, querystring: AuditQuery, response: { 200: Page(AuditEvent), ...errorResponses } } },
    (req) => orgAudit(deps, requireSignedIn(req), req.params.orgId, req.query),
  );
  app.get(
    '/orgs/:orgId/audit/choices',
    { schema: { tags, summary: 'What the user history can be filtered by: its people and actions (in words) and the stores', params: OrgParams, response: { 200: AuditFilterChoices, ...errorResponses } } },
    (req) => orgAuditChoices(deps, requireSignedIn(req), req.params.orgId),
  );
  app.get(
    '/orgs/:orgId/audit/export.csv',
    {
      schema: {
        tags,
        summary: 'User history as CSV (same filters, every matching row, newest first)',
        params: OrgParams,
        querystring: AuditExportQuery,
        response: { 200: Type.String({ contentMediaType: 'text/csv' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const rows = await exportOrgAudit(deps, requireSignedIn(req), req.params.orgId, req.query);
      const day = deps.clock().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${req.params.orgId}-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(rows));
    },
  );
  app.get('/audit', { schema: { tags, summary: 'Platform-wide audit log (platform staff)', querystring: AuditQuery, response: { 200: Page(AuditEvent), ...errorResponses } } }, (req) =>
    platformAudit(deps, requireSignedIn(req), req.query),
  );
}
