/**
 * Preset `payments`, from seed 003 (Owner, Admin, System Integrator, Payment Management,
 * Reporting). Every role is org-scoped: the seed's platform has no stores in its model.
 */
import { CORE_PERMISSIONS, permissionsForLevel } from '../permissions.js';
import type { RoleDefinition } from '../types.js';
import { builtInRole, levels, union } from './build.js';

// seed 003: recovery profiles (retry schedules for failed payments) belong to payments work.
const RECOVERY = permissionsForLevel('recovery_profiles', 'FULL');

// seed 003: "Primarily responsible for technical integrations and managing API-related tasks."
const systemIntegrator = builtInRole({
  key: 'system_integrator',
  useFor: 'Technical integrations and API work.',
  name: 'System Integrator',
  legacyNames: ['SI'],
  scope: 'org',
  rank: 30,
  permissions: levels({ api: 'FULL', integrations: 'FULL', settings: 'FULL', org: 'VIEW' }),
});

// seed 003: "Focused on handling payment processes and customer support tasks." Recovering
// failed payments is a payment process, so they view and tune the recovery profiles (seed 003:
// "configuring recovery profiles"); adding and deleting profiles stays with owner and admin.
const paymentManagement = builtInRole({
  key: 'payment_management',
  useFor: 'Handles payments, recovery of failed payments, and customer questions about them.',
  name: 'Payment Management',
  scope: 'org',
  rank: 30,
  permissions: levels({ payments: 'FULL', customers: 'FULL', transactions: 'VIEW', org: 'VIEW', recovery_profiles: 'EDIT' }),
});

// seed 003: "Has access to view analytics and generate reports."
const reporting = builtInRole({
  key: 'reporting',
  useFor: 'Views analytics and builds reports.',
  name: 'Reporting',
  scope: 'org',
  rank: 30,
  permissions: union(levels({ analytics: 'VIEW', reports: 'VIEW', org: 'VIEW' }), ['reports:create']),
});

// seed 003: "Capable of accessing, creating, and updating all content" — so no deletes and no
// signing; "Admins or Owners can invite users" → team:manage.
const admin = builtInRole({
  key: 'admin',
  useFor: 'Reads, creates and updates everything.',
  name: 'Admin',
  scope: 'org',
  rank: 80,
  permissions: union(
    systemIntegrator.permissions,
    paymentManagement.permissions,
    reporting.permissions,
    [...CORE_PERMISSIONS, ...RECOVERY].filter((p) => !p.endsWith(':delete') && p !== 'documents:sign'),
  ),
});

// seed 003: "The owner of the organization who has full access to all modules and settings."
const owner = builtInRole({
  key: 'owner',
  useFor: 'The owner of the organization, with full access.',
  name: 'Owner',
  scope: 'org',
  rank: 100,
  topAdmin: true,
  permissions: union(CORE_PERMISSIONS, RECOVERY),
});

/** The `payments` roles, highest rank first. */
export const PAYMENTS_ROLES: readonly RoleDefinition[] = [owner, admin, systemIntegrator, paymentManagement, reporting];
