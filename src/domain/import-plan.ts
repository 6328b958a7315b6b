/**
 * What importing a valid row does, given what the org already holds for that email. Keyed by
 * the email, so a file imported twice (or again after a crash) changes nothing the second time.
 */
import type { ImportPerson } from './import-row.js';
import type { Audience, RoleAssignment } from './types.js';

export type ImportMode = 'invite' | 'create';

/** The grant part of a person or invitation, comparable with `sameGrant`. */
export interface GrantFacts {
  readonly audience: Audience;
  readonly assignments: readonly RoleAssignment[];
  readonly profileId: string | null;
  readonly customerIds: readonly string[];
}

/** What the org holds for one email now. */
export type ExistingState =
  | { readonly kind: 'none' }
  /** A person with this email exists, but their account is deactivated everywhere. */
  | { readonly kind: 'deactivated' }
  | { readonly kind: 'member'; readonly grant: GrantFacts }
  | { readonly kind: 'invitation'; readonly id: string; readonly grant: GrantFacts; readonly firstName: string | null; readonly lastName: string | null };

export type RowPlan =
  | { readonly outcome: 'create' }
  | { readonly outcome: 'update'; readonly invitationId: string }
  | { readonly outcome: 'unchanged' }
  | { readonly outcome: 'error'; readonly code: string; readonly message: string };

/** A canonical text of a grant: roles in key order, stores and accounts sorted. */
export function grantKey(g: GrantFacts): string {
  const assignments = [...g.assignments]
    .map((a) => (a.storeIds && a.storeIds.length > 0 ? [a.role, [...a.storeIds].sort()] : [a.role]))
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return JSON.stringify([g.audience, assignments, g.profileId, [...g.customerIds].sort()]);
}

export function personGrant(p: ImportPerson): GrantFacts {
  return { audience: p.audience, assignments: p.assignments, profileId: p.profile?.id ?? null, customerIds: p.customerIds };
}

/**
 * Invite mode: a new email gets an invitation; a pending invitation with another grant or
 * other names is updated; one with the same, and a member with the same grant, are unchanged.
 * Create mode: a new email gets an active membership; a pending invitation is left for the
 * invitation flow. A member's different roles are an error either way: changing a member's
 * access is the member page's job, with its own rules (last admin, owner).
 */
export function planImportRow(mode: ImportMode, person: ImportPerson, existing: ExistingState): RowPlan {
  const wanted = grantKey(personGrant(person));
  switch (existing.kind) {
    case 'none':
      return { outcome: 'create' };
    case 'deactivated':
      return { outcome: 'error', code: 'user_deactivated', message: 'This person’s account is deactivated; platform support can reactivate it before they are added.' };
    case 'member':
      if (grantKey(existing.grant) === wanted) return { outcome: 'unchanged' };
      return { outcome: 'error', code: 'already_member', message: 'This person is already a member with other roles; change their roles on their member page instead.' };
    case 'invitation': {
      if (mode === 'create') {
        return { outcome: 'error', code: 'invitation_pending', message: 'An invitation is pending for this email; cancel it first, or import in invite mode.' };
      }
      const same = grantKey(existing.grant) === wanted && existing.firstName === person.firstName && existing.lastName === person.lastName;
      return same ? { outcome: 'unchanged' } : { outcome: 'update', invitationId: existing.id };
    }
  }
}
