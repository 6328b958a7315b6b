/**
 * Preset `retail`, from seed 004 ("Pick a Permission Group — Admin, Sales, Counter Staff").
 * Stores are per user ("a list of stores they can operate in"), so sales and counter staff
 * are store-scoped; single-store orgs default to the only store (invariants.ts).
 */
import { CORE_PERMISSIONS } from '../permissions.js';
import type { RoleDefinition } from '../types.js';
import { builtInRole, levels, union } from './build.js';

// Counter staff run the till and look things up, and read their own stores' details.
const counterStaff = builtInRole({
  key: 'counter_staff',
  useFor: 'Runs the till and looks up products and customers.',
  name: 'Counter Staff',
  scope: 'store',
  rank: 10,
  permissions: union(levels({ products: 'VIEW', inventory: 'VIEW', customers: 'VIEW', sales: 'VIEW', stores: 'VIEW' }), [
    'checkout:operate',
    'checkout:read',
    'payments:read',
  ]),
});

// Sales staff sell and follow up customers; seed 004's example "Sales staff can now void
// payments" is a group change an org makes, so the preset leaves void to an override or edit.
const sales = builtInRole({
  key: 'sales',
  useFor: 'Sells, follows up customers and issues refunds in their stores.',
  name: 'Sales',
  scope: 'store',
  rank: 50,
  permissions: union(
    counterStaff.permissions,
    levels({ customers: 'EDIT', sales: 'EDIT', transactions: 'VIEW', reports: 'VIEW', pricing: 'VIEW' }),
    ['payments:refund'],
  ),
});

// seed 004: admins create and manage staff accounts on Settings → Users.
const admin = builtInRole({
  key: 'admin',
  useFor: 'Manages staff accounts, stores and every setting.',
  name: 'Admin',
  scope: 'org',
  rank: 100,
  topAdmin: true,
  permissions: CORE_PERMISSIONS,
});

/** The `retail` roles, highest rank first. */
export const RETAIL_ROLES: readonly RoleDefinition[] = [admin, sales, counterStaff];
