/**
 * The permission catalogue, declared as data (`as const`) so a misspelt permission fails to
 * compile (STYLE: "permissions and roles are data; types derive from them").
 */

const CRUD = ['read', 'create', 'update', 'delete'] as const;

/**
 * Every module and the actions it knows. CRUD everywhere (SPEC §2), plus the special actions
 * the seeds name: seed 001 "view and download transactions, sales, payouts, invoices and
 * documents", "only the account owner signs documents"; seed 004 "sales staff can now void
 * payments"; seed 000 cashier "checkout workflows"; `team:manage` is the invite/edit/remove
 * gate of SPEC rule 2.
 */
export const STATEMENT = {
  team: [...CRUD, 'manage'],
  stores: [...CRUD],
  org: [...CRUD],
  transactions: [...CRUD, 'download'],
  sales: [...CRUD, 'download'],
  payouts: [...CRUD, 'download'],
  invoices: [...CRUD, 'download'],
  documents: [...CRUD, 'download', 'sign'],
  bank_accounts: [...CRUD],
  products: [...CRUD],
  pricing: [...CRUD],
  activation_codes: [...CRUD],
  inventory: [...CRUD],
  checkout: [...CRUD, 'operate'],
  reports: [...CRUD],
  api: [...CRUD],
  payments: [...CRUD, 'void', 'refund'],
  audit: [...CRUD],
  customers: [...CRUD],
  settings: [...CRUD],
  integrations: [...CRUD],
  analytics: [...CRUD],
  // Seed 002: profiles and the permission sets they grant to partner and customer users,
  // asked about with a customer account (`check {customerId}`). `pay_invoices:pay` is paying
  // an invoice; the set's levels are in profiles.ts.
  profiles: [...CRUD],
  my_account: [...CRUD],
  my_subscriptions: [...CRUD],
  configurations: [...CRUD],
  pay_invoices: [...CRUD, 'pay'],
  my_customers: [...CRUD],
  customer_search: [...CRUD],
  autopay: [...CRUD],
  // Seed 003: payment recovery profiles (retry schedules for failed payments).
  recovery_profiles: [...CRUD],
} as const;

export type Module = keyof typeof STATEMENT;
export type Action<M extends Module = Module> = (typeof STATEMENT)[M][number];

/** A `module:action` key from the catalogue. */
export type Permission = { [M in Module]: `${M}:${(typeof STATEMENT)[M][number]}` }[Module];

/** Every module, in catalogue order. */
export const MODULES = Object.keys(STATEMENT) as Module[];

/** Every permission, in catalogue order (module by module). */
export const PERMISSIONS: readonly Permission[] = Object.freeze(
  MODULES.flatMap((m) => STATEMENT[m].map((a) => `${m}:${a}` as Permission)),
);

const PERMISSION_SET: ReadonlySet<string> = new Set(PERMISSIONS);

/** Modules only one platform's preset uses: seed 002's profiles and sets, seed 003's recovery profiles. */
const PLATFORM_MODULES: ReadonlySet<Module> = new Set([
  'profiles',
  'my_account',
  'my_subscriptions',
  'configurations',
  'pay_invoices',
  'my_customers',
  'customer_search',
  'autopay',
  'recovery_profiles',
]);

/** Every permission but those of platform-specific modules: what a top admin of most presets holds. */
export const CORE_PERMISSIONS: readonly Permission[] = Object.freeze(
  PERMISSIONS.filter((p) => !PLATFORM_MODULES.has(p.slice(0, p.indexOf(':')) as Module)),
);

/** Narrows untrusted input (API bodies, CSV imports, custom roles) to a catalogue permission. */
export function isPermission(x: unknown): x is Permission {
  return typeof x === 'string' && PERMISSION_SET.has(x);
}

/** Access levels as profile screens express them (seed 002: NONE < VIEW < EDIT < FULL). */
export const ACCESS_LEVELS = ['NONE', 'VIEW', 'EDIT', 'FULL'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

// VIEW includes download: seed 001 always pairs "view and download" for the same audience.
const VIEW_ACTIONS: ReadonlySet<string> = new Set(['read', 'download']);
const EDIT_ACTIONS: ReadonlySet<string> = new Set(['read', 'download', 'create', 'update']);

/**
 * The permissions one access level means for one module:
 * NONE = nothing, VIEW = read (+download), EDIT = VIEW + create/update,
 * FULL = every action of the module (delete and the special ones such as `payments:void`).
 */
export function permissionsForLevel(module: Module, level: AccessLevel): Permission[] {
  if (level === 'NONE') return [];
  const actions: readonly string[] = STATEMENT[module];
  const keep =
    level === 'FULL' ? actions : actions.filter((a) => (level === 'VIEW' ? VIEW_ACTIONS : EDIT_ACTIONS).has(a));
  return keep.map((a) => `${module}:${a}` as Permission);
}

/** The highest level whose permissions are all in `held` (the inverse of `permissionsForLevel`). */
export function levelOf(module: Module, held: ReadonlySet<Permission>): AccessLevel {
  for (let i = ACCESS_LEVELS.length - 1; i > 0; i--) {
    const level = ACCESS_LEVELS[i] as AccessLevel;
    if (permissionsForLevel(module, level).every((p) => held.has(p))) return level;
  }
  return 'NONE';
}
