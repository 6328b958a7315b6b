import { AppError, type ErrorCode } from '../contracts/errors.js';
import type { Decision, DenialCode } from '../domain/types.js';

const CODE_FOR: Record<DenialCode, ErrorCode> = {
  forbidden: 'forbidden',
  not_member: 'not_found',
  membership_suspended: 'forbidden',
  user_deactivated: 'forbidden',
  role_not_assignable: 'role_not_assignable',
  store_not_assignable: 'store_not_assignable',
  permission_not_held: 'permission_not_held',
  last_org_admin: 'last_org_admin',
  owner_protected: 'owner_protected',
  unknown_role: 'unknown_role',
  unknown_store: 'unknown_store',
  invalid_assignment: 'invalid_assignment',
  shared_profile: 'shared_profile',
};

/** Services turn a refused decision into the coded error; the reasons travel with it. */
export function enforce(decision: Decision): void {
  if (decision.allowed) return;
  throw new AppError(CODE_FOR[decision.code], capitalize(decision.reasons.join('; ')), { reasons: decision.reasons });
}

function capitalize(s: string): string | undefined {
  return s ? `${s[0]?.toUpperCase()}${s.slice(1)}.` : undefined;
}
