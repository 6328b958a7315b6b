import { type TSchema, Type } from '@sinclair/typebox';

/** Every body rejects unknown fields (mass assignment, ASVS 15.3.3). */
export const Strict = { additionalProperties: false } as const;

/**
 * Every string of every request — query, path and body — refuses control characters: NUL
 * breaks PostgreSQL text (500s) and the others forge lines in logs and exports (ASVS 16.4.1).
 * The validator compiler (src/http/plugins/validation.ts) applies the rule to every string
 * schema, so a new route cannot forget it. A field that may hold tab, line feed and carriage
 * return says so with `...TAB_AND_NEWLINE` (a postal address; an email, which the server trims
 * and then checks again); NUL and the rest stay refused there too.
 */
export const TAB_AND_NEWLINE = { 'x-tab-newline': true } as const;

/** The first control character (C0, DEL, C1) in `text`, tab/LF/CR excepted when `tabAndNewline`. */
export function controlCharIn(text: string, tabAndNewline = false): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 ? !(tabAndNewline && (c === 0x09 || c === 0x0a || c === 0x0d)) : c >= 0x7f && c <= 0x9f) return c;
  }
  return undefined;
}

export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const Email = Type.String({ minLength: 3, maxLength: 254, ...TAB_AND_NEWLINE });
/**
 * Display text: no control, line-separator or bidi-override characters, which could forge
 * lines in logs and CSV exports or disguise a name (ASVS 16.4.1).
 */
const PRINTABLE = '^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]*$';
export const Text = (max = 200) => Type.String({ minLength: 1, maxLength: max, pattern: PRINTABLE });
export const Reason = Type.String({
  minLength: 1,
  maxLength: 500,
  pattern: PRINTABLE,
  description: 'Support staff: the requester check and reason; stored in the audit log.',
});

export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
};

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine code; never renamed.' }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
    reasons: Type.Optional(Type.Array(Type.String({ description: 'For API clients: the policy\'s reasons, with permission keys and ids.' }))),
    permission: Type.Optional(Type.String({ description: 'forbidden: the permission key that was missing (e.g. team:read); `detail` says it in words.' })),
    invitationId: Type.Optional(Type.String({ description: 'invitation_pending: the pending invitation; offer to resend it.' })),
  },
  { $id: 'Problem' },
);

/** The error statuses every authenticated route may answer. */
export const errorResponses = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
  429: Type.Ref('Problem'),
} as const;

export const OrgParams = Type.Object({ orgId: Id }, Strict);
export const MemberParams = Type.Object({ orgId: Id, userId: Id }, Strict);
