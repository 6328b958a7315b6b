/**
 * Seed 002's profiles: a named set of access levels that partner and customer users hold
 * alongside their role ("Each user is assigned a profile alongside..."). Pure data and rules.
 */
import type { Module, Permission } from './permissions.js';

/** The permission sets a profile sets a level for (seed 002 "Profiles & Permissions"). */
export const PROFILE_SETS = [
  'my_account',
  'my_subscriptions',
  'configurations',
  'pay_invoices',
  'my_customers',
  'customer_search',
  'autopay',
] as const satisfies readonly Module[];
export type ProfileSet = (typeof PROFILE_SETS)[number];

/** Seed 002 "Access Levels for Permissions": none < view < edit < full. */
export const PROFILE_LEVELS = ['none', 'view', 'edit', 'full'] as const;
export type ProfileLevel = (typeof PROFILE_LEVELS)[number];
export type ProfileLevels = Readonly<Partial<Record<ProfileSet, ProfileLevel>>>;

/** Payment methods a Pay Invoices level may allow (seed 002 "Pay Invoices Permission Set"). */
export const PAYMENT_METHODS = ['credit_card', 'ach', 'bank_transfer', 'paypal', 'check'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

// Seed 002's definitions: view reads existing information; edit reads and changes it but adds
// and removes nothing; full also creates and deletes. Paying an invoice changes it: edit.
const ACTIONS: Readonly<Record<ProfileLevel, readonly string[]>> = {
  none: [],
  view: ['read'],
  edit: ['read', 'update', 'pay'],
  full: ['read', 'update', 'pay', 'create', 'delete'],
};

/** The permissions one level of one set grants, e.g. `('my_subscriptions', 'edit')` → read, update. */
export function profileSetPermissions(set: ProfileSet, level: ProfileLevel): Permission[] {
  return ACTIONS[level].filter((a) => a !== 'pay' || set === 'pay_invoices').map((a) => `${set}:${a}` as Permission);
}

/** Every permission a profile's levels grant. */
export function profilePermissions(levels: ProfileLevels): Permission[] {
  return PROFILE_SETS.flatMap((set) => profileSetPermissions(set, levels[set] ?? 'none'));
}

export function isProfileSet(x: unknown): x is ProfileSet {
  return typeof x === 'string' && (PROFILE_SETS as readonly string[]).includes(x);
}

export function isProfileLevel(x: unknown): x is ProfileLevel {
  return typeof x === 'string' && (PROFILE_LEVELS as readonly string[]).includes(x);
}
