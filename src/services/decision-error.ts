import { AppError, type ErrorCode } from '../contracts/errors.js';
import { isPermission } from '../domain/permissions.js';
import { permissionInWords } from '../domain/permission-words.js';
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
  // Not one of theirs reads like no such account: nobody learns what other accounts exist.
  unknown_customer: 'not_found',
  invalid_assignment: 'invalid_assignment',
  shared_profile: 'shared_profile',
  audience_not_assignable: 'audience_not_assignable',
  invalid_audience: 'invalid_audience',
  unknown_profile: 'unknown_profile',
  unknown_customer_account: 'unknown_customer_account',
};

/** Services turn a refused decision into the coded error; the reasons travel with it. */
export function enforce(decision: Decision): void {
  if (decision.allowed) return;
  throw refusalError(decision);
}

/** The coded error of a refused decision, for callers that throw it themselves. */
export function refusalError(decision: Extract<Decision, { allowed: false }>): AppError {
  return new AppError(CODE_FOR[decision.code], capitalize(decision.reasons.map(reasonInWords).join('; ')), { reasons: decision.reasons });
}

const ULID = /\b[0-9a-hjkmnp-tv-z]{26}\b/gi;

/**
 * A policy reason made fit for people (the error's `detail`): no spec or seed references, no
 * permission keys, role keys or ids. The reasons themselves travel unchanged in `reasons`.
 */
export function reasonInWords(reason: string): string {
  return reason
    .replace(/\s*\((?:SPEC|seed)[^)]*\)/gi, '')
    .replace(/;?\s*seed \d+:\s*/gi, '; ')
    .replace(/\b([a-z_]+:[a-z_]+)\b/g, (key) => (isPermission(key) ? `"${permissionInWords(key)}"` : key))
    .replace(/\brole "[^"]*"/g, 'this role')
    .replace(/\b(store|user|org) ([0-9A-Za-z]{26})\b/g, (_, noun: string) => (noun === 'org' ? 'this business' : noun === 'store' ? 'that store' : 'that person'))
    .replace(/\bcustomer account [0-9A-Za-z]{26}\b/g, 'that customer account')
    .replace(ULID, 'this item')
    .replace(/^;\s*/, '')
    .replace(/;\s*;/g, ';')
    .trim();
}

function capitalize(s: string): string | undefined {
  return s ? `${s[0]?.toUpperCase()}${s.slice(1)}.` : undefined;
}
