import { Type } from '@sinclair/typebox';
import { Id } from './common.js';

export const AuditEvent = Type.Object({
  id: Type.String(),
  orgId: Type.Union([Type.String(), Type.Null()]),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorKind: Type.String(),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  reason: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
  summary: Type.String({ description: 'The event as a sentence for people, with names: "Hana Okafor suspended Ben Carter in Old Town."' }),
  changes: Type.Array(
    Type.Object({
      field: Type.String({ description: 'The field in words ("Roles", "First name").' }),
      before: Type.String({ description: 'The value before, in words ("—" when there was none).' }),
      after: Type.String({ description: 'The value after, in words ("—" when there is none).' }),
    }),
    { description: 'What changed, before → after per field, in plain words (role, store and permission names).' },
  ),
});

/** The choices the history can be filtered by, each with words for people. */
export const AuditFilterChoices = Type.Object({
  people: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() })),
  actions: Type.Array(Type.Object({ action: Type.String(), label: Type.String() })),
  stores: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});

export const AuditQuery = Type.Object(
  {
    actorId: Type.Optional(Id),
    targetId: Type.Optional(Type.String({ maxLength: 80 })),
    action: Type.Optional(Type.String({ maxLength: 80 })),
    personId: Type.Optional(Type.String({ ...Id, description: 'Events by or about this person.' })),
    storeId: Type.Optional(Type.String({ ...Id, description: 'Events about this store, or changing access in it.' })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);

/** The CSV export takes the list's filters, without paging: it streams every matching row. */
export const AuditExportQuery = Type.Object(
  {
    actorId: Type.Optional(Id),
    targetId: Type.Optional(Type.String({ maxLength: 80 })),
    action: Type.Optional(Type.String({ maxLength: 80 })),
    personId: Type.Optional(Type.String({ ...Id, description: 'Events by or about this person.' })),
    storeId: Type.Optional(Type.String({ ...Id, description: 'Events about this store, or changing access in it.' })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
