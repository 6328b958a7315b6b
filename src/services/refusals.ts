import type { Deps } from '../container.js';
import type { ErrorCode } from '../contracts/errors.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';

/** Refusals worth a line in the audit log: authorization and invariant denials (ASVS 16.3.2). */
const AUDITED: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'forbidden',
  'role_not_assignable',
  'store_not_assignable',
  'permission_not_held',
  'last_org_admin',
  'owner_protected',
  'email_mismatch',
  'csrf_failed',
]);

/**
 * Records a refused request after its transaction rolled back, so the refusal survives even
 * though the change did not. Only for signed-in callers inside an org they can see: a 404 for
 * a foreign org is not written to that org's log.
 */
export async function recordRefusal(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  refusal: { code: ErrorCode; orgId: string | undefined; method: string; path: string; reasons?: string[] | undefined },
): Promise<void> {
  if (!AUDITED.has(refusal.code)) return;
  await audit(deps.db, ctx, deps.clock(), {
    orgId: refusal.orgId ?? null,
    action: 'authz.refused',
    targetType: 'request',
    targetId: `${refusal.method} ${refusal.path}`.slice(0, 200),
    after: { code: refusal.code, ...(refusal.reasons ? { reasons: refusal.reasons } : {}) },
  });
}
