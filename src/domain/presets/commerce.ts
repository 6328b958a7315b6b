/**
 * Preset `commerce`, from seed 002 (a subscription-commerce platform): staff administrators,
 * and partner users who manage customer accounts. Customer users hold no role: their profile
 * says what they may do with their own account (profiles.ts). Every role is org-scoped; the
 * customer accounts a partner user works with limit them instead of stores.
 */
import { PERMISSIONS } from '../permissions.js';
import type { RoleDefinition } from '../types.js';
import { builtInRole, levels, union } from './build.js';

// Seed 002 "Partner Users": "Available roles may include the Partner Administrator or the
// Partner Account Executive". An executive "manages only the customer accounts assigned to
// them"; what they may do there comes from their profile.
const partnerAccountExecutive = builtInRole({
  key: 'partner_account_executive',
  name: 'Partner Account Executive',
  useFor: 'A partner’s salesperson: looks after the customer accounts assigned to them.',
  scope: 'org',
  rank: 20,
  audience: 'partner',
  permissions: levels({ customers: 'VIEW' }),
});

// Seed 002 "Add a Partner Account Executive User": "Partner Admins have the authority to
// incorporate new users into the Partner hub with the role of Partner Account Executive" and
// assign them customer accounts. The delegation rules keep them to partner users.
const partnerAdmin = builtInRole({
  key: 'partner_admin',
  name: 'Partner Administrator',
  useFor: 'Runs a partner’s team: adds account executives and gives them customer accounts.',
  scope: 'org',
  rank: 40,
  audience: 'partner',
  permissions: union(levels({ customers: 'EDIT', team: 'EDIT' }), ['team:manage']),
});

// Seed 002 "Administrator Users": employees get access "by assigning them the System
// Administrator or Global Administrator role"; both manage users, partners and customers.
// A system administrator runs the platform day to day but does not close or own the org.
const systemAdmin = builtInRole({
  key: 'system_admin',
  name: 'System Administrator',
  useFor: 'An employee who manages users, partners, customers and profiles.',
  scope: 'org',
  rank: 80,
  permissions: PERMISSIONS.filter((p) => p !== 'org:delete' && p !== 'documents:sign'),
});

const globalAdmin = builtInRole({
  key: 'global_admin',
  name: 'Global Administrator',
  useFor: 'Full access to everything, including the organization itself.',
  scope: 'org',
  rank: 100,
  topAdmin: true,
  permissions: PERMISSIONS,
});

export const COMMERCE_ROLES: readonly RoleDefinition[] = Object.freeze([globalAdmin, systemAdmin, partnerAdmin, partnerAccountExecutive]);
