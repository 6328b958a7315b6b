/**
 * Preset `merchant-portal`, from seed 001 (Administrator, Accountant, Manager, Team member).
 * Documented exception to "higher rank holds everything lower holds": the accountant sees
 * bank accounts, payouts and invoices a manager does not, so a manager cannot grant it
 * ("nobody grants more than they hold"), matching seed 001 where only administrators invite
 * accountants.
 */
import { CORE_PERMISSIONS } from '../permissions.js';
import type { RoleDefinition } from '../types.js';
import { builtInRole, levels } from './build.js';

// seed 001: "Add, amend and delete all users (except the account owner)"; "Only the
// administrator assigned as account owner is able to sign documents" — the signing gate lives
// in policy.ts, so the role can list documents:sign; "given access to all stores by default".
const administrator = builtInRole({
  key: 'administrator',
  useFor: 'Runs the account: team, stores, billing and settings.',
  name: 'Administrator',
  legacyNames: ['Admin'],
  scope: 'org',
  rank: 100,
  topAdmin: true,
  permissions: CORE_PERMISSIONS,
});

// seed 001: "View store and product information. View and download transactions and sales.
// View bank accounts (if settled and/or billed at store level) and view invoices (if billed at
// store level). View all team members ... as well as all store names, IDs and addresses,
// regardless of manager's store access. Add, amend and delete team members for the stores the
// manager has permissions for." Bank accounts follow either setting ("settled and/or billed at
// store level": a store billed or settled on its own has its own account); invoices follow billing.
const manager = builtInRole({
  key: 'manager',
  useFor: "Runs their stores and that store's team.",
  name: 'Manager',
  legacyNames: ['Store Manager'],
  scope: 'store',
  rank: 50,
  permissions: [
    ...levels({ stores: 'VIEW', products: 'VIEW', transactions: 'VIEW', sales: 'VIEW', team: 'FULL' }),
  ],
  orgWidePermissions: ['team:read', 'stores:read'],
  conditionalPermissions: [
    { billingLevel: 'store', on: 'billing', permissions: ['bank_accounts:read', 'invoices:read', 'invoices:download'] },
    { billingLevel: 'store', on: 'settlement', permissions: ['bank_accounts:read'] },
  ],
});

// seed 001: "View business details, as well as store, bank account, product and pricing
// information. View and download transactions, sales, payouts and invoices." "If you have
// opted for single billing and payouts ... i.e. you are not billed or settled at a store level,
// they will view all information regardless of store access permissions" → orgWideWhenBilling
// 'org', which needs both billing and settlement at org level (grants.ts reachesEveryStore). No team:manage: seed 001 "Accountant and
// Team member roles cannot invite users". New role, so no legacy name.
const accountant = builtInRole({
  key: 'accountant',
  useFor: 'Sees invoices, payouts and financial reports.',
  name: 'Accountant',
  scope: 'store',
  rank: 40,
  permissions: levels({
    org: 'VIEW',
    stores: 'VIEW',
    bank_accounts: 'VIEW',
    products: 'VIEW',
    pricing: 'VIEW',
    transactions: 'VIEW',
    sales: 'VIEW',
    payouts: 'VIEW',
    invoices: 'VIEW',
  }),
  orgWideWhenBilling: 'org',
});

// seed 001: "View stores and product information. View and download transactions and sales."
const teamMember = builtInRole({
  key: 'team_member',
  useFor: 'Everyday work in their stores, nothing more.',
  name: 'Team member',
  legacyNames: ['Staff'],
  scope: 'store',
  rank: 10,
  permissions: levels({ stores: 'VIEW', products: 'VIEW', transactions: 'VIEW', sales: 'VIEW' }),
});

/** The `merchant-portal` roles, highest rank first. */
export const MERCHANT_PORTAL_ROLES: readonly RoleDefinition[] = [administrator, manager, accountant, teamMember];
