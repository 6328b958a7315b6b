import type { ScimRefusal } from '../../domain/scim.js';

/**
 * A refusal answered in SCIM's own error shape (RFC 7644 §3.12) rather than problem+json: the
 * identity provider's SCIM client reads `status`, `scimType` and `detail`. Services throw it for
 * protocol-level refusals; the rules of Rolecall itself still throw `AppError`, which the SCIM
 * routes translate (http/routes/scim/scim-plugin.ts).
 */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly scimType?: string,
  ) {
    super(detail);
    this.name = 'ScimError';
  }
}

/** A pure reader's refusal as a 400. */
export function scimRefused(r: ScimRefusal): ScimError {
  return new ScimError(400, r.detail, r.scimType);
}

export const scimNotFound = (what: 'User' | 'Group', id: string) => new ScimError(404, `${what} ${id} not found.`);
