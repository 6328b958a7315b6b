/**
 * Who may change a person's own details — name and phone — which live on the user and show in
 * every org the person belongs to, the support portal included. An org may change only what
 * belongs to the org, so an org admin edits them only while the person belongs to that org
 * alone; otherwise they are the person's own to change (their account page) or platform
 * support's, who give a reason (SECURITY.md, "one person, many orgs").
 */
import { type ProfileLevel, profileSetPermissions } from './profiles.js';
import type { Decision } from './types.js';

export interface PersonalDetailsEdit {
  /** Platform support staff acting (with a reason, required elsewhere). */
  readonly byPlatform: boolean;
  /** The person editing their own details. */
  readonly bySelf: boolean;
  /** How many orgs other than the acting one the person belongs to. */
  readonly otherOrgs: number;
  /** The person is platform staff: their name shows on the platform's side too. */
  readonly targetIsPlatformStaff: boolean;
  /** The person's name, for the refusal. */
  readonly name: string;
}

export function canEditPersonalDetails(e: PersonalDetailsEdit): Decision {
  if (e.byPlatform) return { allowed: true, reasons: ['platform support may change anyone’s details with a reason'] };
  if (e.bySelf) return { allowed: true, reasons: ['people may change their own details'] };
  if (e.otherOrgs === 0 && !e.targetIsPlatformStaff) return { allowed: true, reasons: [`${e.name} belongs to this organization only`] };
  return {
    allowed: false,
    code: 'shared_profile',
    reasons: [
      `${e.name} also belongs to other businesses, so their name and phone are theirs to change (on their account page); platform support can change them on request`,
    ],
  };
}

/** A partner or customer membership of the person, with their profile's `my_account` level. */
export interface AccountProfileHold {
  readonly orgName: string;
  readonly level: ProfileLevel;
}

/**
 * May a person change their own account details (name, phone, sign-in email)? Partner and
 * customer users hold a profile whose "My Account" level says so: edit or full may, view and
 * none may not (a membership without a profile grants nothing). Someone in several orgs gets
 * the strictest of their partner and customer profiles, since the details are one and the same
 * everywhere; staff memberships do not limit it.
 */
export function canChangeOwnAccount(holds: readonly AccountProfileHold[]): Decision {
  const limiting = holds.find((h) => !profileSetPermissions('my_account', h.level).includes('my_account:update'));
  if (limiting) {
    return { allowed: false, code: 'forbidden', reasons: [`your profile at ${limiting.orgName} does not let you change your account details; ask your administrator`] };
  }
  return { allowed: true, reasons: [holds.length ? 'your profiles let you change your account details' : 'people may change their own details'] };
}
