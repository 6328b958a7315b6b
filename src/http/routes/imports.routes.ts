import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../container.js';
import { errorResponses, OrgParams } from '../../contracts/common.js';
import { AppError } from '../../contracts/errors.js';
import { ImportDryRun, ImportParams, ImportStatusView, ImportUploadQuery } from '../../contracts/import.contract.js';
import { exportMembersCsv } from '../../services/import-members-export.js';
import { importReportCsv, importStatus, uploadImport } from '../../services/imports.js';
import type { Api } from '../api.js';
import { requireSignedIn } from '../plugins/auth.js';

const tags = ['imports'];
/** Large enough for 200,000 people; the rest of the API keeps its small JSON limit. */
const UPLOAD_LIMIT = 50 * 1024 * 1024;
const CSV = Type.String({ contentMediaType: 'text/csv' });

function csvReply(reply: import('fastify').FastifyReply, fileName: string, lines: AsyncGenerator<string>) {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(Readable.from(lines));
}

/**
 * People import (CSV upload, status, report) and the team export in the same columns. The file
 * is the raw request body (`Content-Type: text/csv`), parsed as bytes on this route only, so its
 * encoding is ours to check and no multipart parser is needed.
 */
export function importRoutes(app: Api, deps: Deps): void {
  app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/orgs/:orgId/imports',
      {
        bodyLimit: UPLOAD_LIMIT,
        schema: {
          tags,
          summary: 'Import people from a CSV file (body: the file, Content-Type text/csv); ?dryRun=true reports without changing anything',
          params: OrgParams,
          querystring: ImportUploadQuery,
          response: { 200: ImportDryRun, 201: ImportStatusView, 202: ImportStatusView, ...errorResponses },
        },
      },
      async (req, reply) => {
        if (req.body !== undefined && !Buffer.isBuffer(req.body)) throw new AppError('unsupported_media_type', 'Send the file itself as the body, with Content-Type: text/csv.');
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const result = await uploadImport(deps, requireSignedIn(req), req.params.orgId, body, req.query);
        if (result.kind === 'dry-run') return result.report;
        reply.code(result.done ? 201 : 202);
        return result.view;
      },
    );
  });
  app.get(
    '/orgs/:orgId/imports/:importId',
    { schema: { tags, summary: 'An import: its progress and counts', params: ImportParams, response: { 200: ImportStatusView, ...errorResponses } } },
    (req) => importStatus(deps, requireSignedIn(req), req.params.orgId, req.params.importId),
  );
  app.get(
    '/orgs/:orgId/imports/:importId/report.csv',
    { schema: { tags, summary: 'An import’s per-row report as CSV (row, email, outcome, code, message)', params: ImportParams, response: { 200: CSV, ...errorResponses } } },
    async (req, reply) => {
      const { record, lines } = await importReportCsv(deps, requireSignedIn(req), req.params.orgId, req.params.importId);
      return csvReply(reply, `import-${record.id}-report.csv`, lines);
    },
  );
  app.get(
    '/orgs/:orgId/members/export.csv',
    { schema: { tags, summary: 'The team as CSV, in the import’s columns (an export imports back unchanged)', params: OrgParams, response: { 200: CSV, ...errorResponses } } },
    async (req, reply) => {
      const lines = await exportMembersCsv(deps, requireSignedIn(req), req.params.orgId);
      return csvReply(reply, `team-${req.params.orgId}-${deps.clock().toISOString().slice(0, 10)}.csv`, lines);
    },
  );
}
