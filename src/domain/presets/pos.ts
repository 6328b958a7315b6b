/**
 * Preset `pos` (the default), from seed 000:
 * "org_admin > org_manager > store_admin > store_manager > stocker / cashier".
 * Each higher role holds everything the roles below it hold, so "nobody grants more than
 * they hold" never blocks a normal top-down delegation in this preset.
 */
import { CORE_PERMISSIONS } from '../permissions.js';
import type { RoleDefinition } from '../types.js';
import { builtInRole, levels, union } from './build.js';

// seed 000: "Checkout only: cashier (scoped)". Store-scoped roles read their own stores'
// details (name, code, address), like seed 001's team members: people need to know where they work.
const cashier = builtInRole({
  key: 'cashier',
  useFor: 'Checkout only: rings up sales at the till in their stores.',
  name: 'Cashier',
  scope: 'store',
  rank: 10,
  permissions: ['checkout:operate', 'sales:read', 'payments:read', 'stores:read'],
});

// seed 000: "Stock only: stocker (scoped)" — inventory and stock workflows.
const stocker = builtInRole({
  key: 'stocker',
  useFor: 'Stock only: receives, counts and updates inventory in their stores.',
  name: 'Stocker',
  scope: 'store',
  rank: 10,
  permissions: ['inventory:read', 'inventory:update', 'products:read', 'products:update', 'stores:read'],
});

// seed 000: "Day to day store operations"; manages the team of its own stores only (store scope).
const storeManager = builtInRole({
  key: 'store_manager',
  useFor: "Day-to-day running of their stores, including that store's team.",
  name: 'Store manager',
  scope: 'store',
  rank: 40,
  // SPEC §1: store-level managers see the whole team and every store's name, ID and address.
  orgWidePermissions: ['team:read', 'stores:read'],
  permissions: union(
    cashier.permissions,
    stocker.permissions,
    levels({
      team: 'EDIT',
      stores: 'VIEW',
      checkout: 'EDIT',
      sales: 'VIEW',
      transactions: 'VIEW',
      payments: 'VIEW',
      inventory: 'EDIT',
      products: 'EDIT',
      pricing: 'VIEW',
      customers: 'EDIT',
      reports: 'VIEW',
    }),
    ['team:manage', 'payments:void', 'payments:refund'],
  ),
});

// seed 000: "Store IT lead, store admin tasks" — devices, settings, activation codes of its stores.
const storeAdmin = builtInRole({
  key: 'store_admin',
  useFor: "The store's IT lead: devices, settings and admin tasks for their stores.",
  name: 'Store admin',
  scope: 'store',
  rank: 60,
  orgWidePermissions: ['team:read', 'stores:read'],
  permissions: union(
    storeManager.permissions,
    levels({
      team: 'FULL',
      stores: 'EDIT',
      checkout: 'FULL',
      inventory: 'FULL',
      products: 'FULL',
      pricing: 'EDIT',
      activation_codes: 'FULL',
      settings: 'EDIT',
      integrations: 'VIEW',
      audit: 'VIEW',
    }),
  ),
});

// seed 000: "Regional ops, multi-store oversight" — every store, but not the org's own
// settings, money routing or signing, which stay with org_admin.
const orgManager = builtInRole({
  key: 'org_manager',
  useFor: "Regional operations: oversees every store, without the organization's own settings.",
  name: 'Org manager',
  scope: 'org',
  rank: 80,
  permissions: union(
    storeAdmin.permissions,
    levels({
      org: 'VIEW',
      stores: 'EDIT',
      sales: 'VIEW',
      transactions: 'VIEW',
      payouts: 'VIEW',
      invoices: 'VIEW',
      reports: 'EDIT',
      analytics: 'VIEW',
      pricing: 'FULL',
      customers: 'FULL',
    }),
  ),
});

// seed 000: "Primary owner, full admin".
const orgAdmin = builtInRole({
  key: 'org_admin',
  useFor: 'The primary owner: full control of the whole organization.',
  name: 'Org admin',
  scope: 'org',
  rank: 100,
  topAdmin: true,
  permissions: CORE_PERMISSIONS,
});

/** The `pos` roles, highest rank first. */
export const POS_ROLES: readonly RoleDefinition[] = [orgAdmin, orgManager, storeAdmin, storeManager, stocker, cashier];
