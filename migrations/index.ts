import type { Migration } from 'kysely';
import * as createCore from './2026_11_23_0900_create_core.js';
import * as createMailOutbox from './2026_11_23_1000_create_mail_outbox.js';
import * as createPasswordResets from './2026_11_23_1100_create_password_resets.js';
import * as createInvitations from './2026_11_23_1200_create_invitations.js';
import * as addOrgVersion from './2026_11_23_1300_add_org_version.js';
import * as addMemberSearchTrgm from './2026_11_23_1400_add_member_search_trgm.js';
import * as addMemberSearchFts from './2026_11_23_1500_add_member_search_fts.js';
import * as addSecondFactor from './2026_11_30_1800_add_second_factor.js';
import * as addSessionOrgEnds from './2026_11_30_1900_add_session_org_ends.js';
import * as addRateLimitCounters from './2026_11_30_2000_add_rate_limit_counters.js';
import * as addAudiences from './2026_12_01_0900_add_audiences.js';
import * as addImports from './2026_12_01_1100_add_imports.js';
import * as addEmailChangesSignups from './2026_12_01_1000_add_email_changes_signups.js';
import * as addIdentity from './2026_12_01_1200_add_identity.js';
import * as addMailBodies from './2026_12_01_1300_add_mail_bodies.js';

/**
 * Every migration, in order. A static list (not a folder scan) so the same code runs from
 * TypeScript sources under tsx and from the compiled `dist/`.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_23_0900_create_core': createCore,
  '2026_11_23_1000_create_mail_outbox': createMailOutbox,
  '2026_11_23_1100_create_password_resets': createPasswordResets,
  '2026_11_23_1200_create_invitations': createInvitations,
  '2026_11_23_1300_add_org_version': addOrgVersion,
  '2026_11_23_1400_add_member_search_trgm': addMemberSearchTrgm,
  '2026_11_23_1500_add_member_search_fts': addMemberSearchFts,
  '2026_11_30_1800_add_second_factor': addSecondFactor,
  '2026_11_30_1900_add_session_org_ends': addSessionOrgEnds,
  '2026_11_30_2000_add_rate_limit_counters': addRateLimitCounters,
  '2026_12_01_0900_add_audiences': addAudiences,
  '2026_12_01_1100_add_imports': addImports,
  '2026_12_01_1000_add_email_changes_signups': addEmailChangesSignups,
  '2026_12_01_1200_add_identity': addIdentity,
  '2026_12_01_1300_add_mail_bodies': addMailBodies,
};
