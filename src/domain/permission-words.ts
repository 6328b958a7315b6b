/**
 * The permission catalogue in plain words, for people: "View and download sales." instead of
 * `sales:read`, `sales:download`. Typed against the catalogue, so a new module or action fails
 * to compile until it has words.
 */
import { type Module, type Permission, STATEMENT } from './permissions.js';

interface ModuleWords {
  /** What the module is called in a sentence ("sales", "stock levels"). */
  readonly noun: string;
  /** A module's own actions (beyond view/add/change/delete/download), each a whole phrase. */
  readonly special?: Readonly<Record<string, string>>;
}

const WORDS: { readonly [M in Module]: ModuleWords } = {
  team: { noun: 'team members', special: { manage: 'manage who has access' } },
  stores: { noun: 'store details' },
  org: { noun: 'business details' },
  transactions: { noun: 'transactions' },
  sales: { noun: 'sales' },
  payouts: { noun: 'payouts' },
  invoices: { noun: 'invoices' },
  documents: { noun: 'documents', special: { sign: 'sign documents (account owner only)' } },
  bank_accounts: { noun: 'bank accounts' },
  products: { noun: 'products' },
  pricing: { noun: 'prices' },
  activation_codes: { noun: 'device activation codes' },
  inventory: { noun: 'stock levels' },
  checkout: { noun: 'checkout setup', special: { operate: 'take payments at the checkout' } },
  reports: { noun: 'reports' },
  api: { noun: 'API access' },
  payments: { noun: 'payments', special: { void: 'void payments', refund: 'refund payments' } },
  audit: { noun: 'the user history' },
  customers: { noun: 'customers' },
  settings: { noun: 'settings' },
  integrations: { noun: 'integrations' },
  analytics: { noun: 'analytics' },
  profiles: { noun: 'profiles' },
  my_account: { noun: 'their account details' },
  my_subscriptions: { noun: 'subscriptions' },
  configurations: { noun: 'the customer hub configuration' },
  pay_invoices: { noun: 'invoice payments', special: { pay: 'pay invoices' } },
  my_customers: { noun: 'customer account settings' },
  customer_search: { noun: 'customer search' },
  autopay: { noun: 'automatic payments' },
  recovery_profiles: { noun: 'payment recovery profiles' },
};

const VERBS: Readonly<Record<string, string>> = { read: 'view', download: 'download', create: 'add', update: 'change', delete: 'delete' };
const VERB_ORDER = ['read', 'download', 'create', 'update', 'delete'] as const;

/** "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * One sentence per module the permissions touch, in catalogue order:
 * `['sales:read', 'sales:download', 'checkout:operate']` → ["View and download sales.", "Take payments at the checkout."].
 */
export function describePermissions(permissions: Iterable<Permission>): string[] {
  const held = new Set<string>(permissions);
  const out: string[] = [];
  for (const m of Object.keys(STATEMENT) as Module[]) {
    const words = WORDS[m];
    const verbs = VERB_ORDER.filter((a) => held.has(`${m}:${a}`)).map((a) => VERBS[a]!);
    const phrases = verbs.length > 0 ? [`${listInWords(verbs)} ${words.noun}`] : [];
    for (const [action, phrase] of Object.entries(words.special ?? {})) if (held.has(`${m}:${action}`)) phrases.push(phrase);
    if (phrases.length > 0) out.push(`${capital(listInWords(phrases))}.`);
  }
  return out;
}

/** One permission as a phrase ("void payments", "view sales"), for exceptions and refusals. */
export function permissionInWords(permission: Permission): string {
  const [m, action] = permission.split(':') as [Module, string];
  const words = WORDS[m];
  return words.special?.[action] ?? `${VERBS[action] ?? action} ${words.noun}`;
}
