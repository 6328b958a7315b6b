/**
 * What a profile grants the partner or customer user who holds it (seed 002), as permissions
 * the policy checks within their own customer accounts (grants.ts). Pure.
 */
import { isPermission, type Permission, PERMISSIONS } from './permissions.js';
import { type ProfileLevels, profilePermissions, profileSetPermissions } from './profiles.js';
import type { Audience } from './types.js';

/**
 * The customer account itself is "their account" to a customer user (seed 002 "My Account":
 * "what the user is able to do with their account information") and one of "their customers"
 * to a partner user ("My Customers": "change the permissions and settings of customer
 * accounts"). So that set's level also opens the account record (`customers:*`). A customer
 * user has exactly one account and never creates another.
 */
function accountPermissions(audience: Audience, levels: ProfileLevels): Permission[] {
  const set = audience === 'customer' ? 'my_account' : audience === 'partner' ? 'my_customers' : undefined;
  if (set === undefined) return [];
  return profileSetPermissions(set, levels[set] ?? 'none')
    .map((p) => `customers:${p.slice(p.indexOf(':') + 1)}`)
    .filter((p): p is Permission => isPermission(p) && !(audience === 'customer' && p === 'customers:create'));
}

/** Every permission a profile's levels give a user of `audience`, in catalogue order. */
export function profileGrants(audience: Audience, levels: ProfileLevels): Permission[] {
  const all = new Set([...profilePermissions(levels), ...accountPermissions(audience, levels)]);
  return PERMISSIONS.filter((p) => all.has(p));
}
