import { Type } from '@sinclair/typebox';
import { Id, Reason, Strict, Text } from './common.js';

export const ImportMode = Type.Union([Type.Literal('invite'), Type.Literal('create')], {
  description: '`invite` sends invitations (the default); `create` adds active members who choose their password through an emailed link.',
});
export const ImportOutcome = Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('unchanged'), Type.Literal('error')]);

export const ImportParams = Type.Object({ orgId: Id, importId: Id }, Strict);

export const ImportUploadQuery = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ description: 'Report what the import would do, changing nothing.' })),
    mode: Type.Optional(ImportMode),
    fileName: Type.Optional(Text(255)),
    reason: Type.Optional(Reason),
  },
  Strict,
);

export const ImportRowReport = Type.Object({
  row: Type.Integer({ description: 'The row as a spreadsheet numbers it: the header is row 1, the first person row 2.' }),
  email: Type.String(),
  outcome: ImportOutcome,
  code: Type.Union([Type.String(), Type.Null()], { description: 'Why the row was not imported (stable code), or null.' }),
  message: Type.Union([Type.String(), Type.Null()]),
});

export const ImportCounts = Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), errors: Type.Integer() });

export const ImportDryRun = Type.Object({
  dryRun: Type.Literal(true),
  mode: ImportMode,
  totalRows: Type.Integer(),
  counts: ImportCounts,
  ignoredColumns: Type.Array(Type.String()),
  rows: Type.Array(ImportRowReport),
});

export const ImportStatusView = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
  mode: ImportMode,
  fileName: Type.String(),
  totalRows: Type.Integer(),
  processedRows: Type.Integer(),
  counts: ImportCounts,
  failure: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  ignoredColumns: Type.Optional(Type.Array(Type.String())),
});
