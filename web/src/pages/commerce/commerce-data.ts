import { useQuery } from '@tanstack/react-query';
import { PAYMENT_METHODS, PROFILE_LEVELS, PROFILE_SETS, type ProfileLevel, type ProfileSet } from '../../../../src/domain/profiles.js';
import { ApiError, api, qs } from '../../api.js';
import type { CustomerT, PageT, ProfileT } from '../../types.js';

/**
 * Seed 002 in the console's words: audiences, the permission sets of a profile and their levels,
 * payment methods. Pages show these, never the API's keys.
 */
export type Audience = 'staff' | 'partner' | 'customer';

export const AUDIENCE_WORDS: Record<Audience, string> = { staff: 'Staff', partner: 'Partner', customer: 'Customer' };

/** Each permission set by the name the business uses, and what it covers. */
export const SET_WORDS: Record<ProfileSet, { name: string; about: string }> = {
  my_account: { name: 'My Account', about: 'their own account details' },
  my_subscriptions: { name: 'My Subscriptions', about: 'the subscriptions of their accounts' },
  configurations: { name: 'Configurations', about: 'how the customer hub looks and behaves' },
  pay_invoices: { name: 'Pay Invoices', about: 'paying invoices online' },
  my_customers: { name: 'My Customers', about: 'the settings of the customer accounts they look after' },
  customer_search: { name: 'Customer Search', about: 'finding customer accounts' },
  autopay: { name: 'Auto-Pay', about: 'automatic payments' },
};

export const LEVEL_WORDS: Record<ProfileLevel, { name: string; meaning: string }> = {
  none: { name: 'None', meaning: 'does not see it' },
  view: { name: 'View', meaning: 'sees it' },
  edit: { name: 'Edit', meaning: 'sees and changes it' },
  full: { name: 'Full', meaning: 'also adds and deletes' },
};

export const PAYMENT_WORDS: Record<(typeof PAYMENT_METHODS)[number], string> = {
  credit_card: 'Credit card',
  ach: 'ACH (bank debit)',
  bank_transfer: 'Bank transfer',
  paypal: 'PayPal',
  check: 'Check',
};

export { PAYMENT_METHODS, PROFILE_LEVELS, PROFILE_SETS, type ProfileLevel, type ProfileSet };

/** Pay Invoices at Edit or Full: only then do payment methods apply. */
export function paysInvoices(levels: Partial<Record<ProfileSet, ProfileLevel>>): boolean {
  const pay = levels.pay_invoices ?? 'none';
  return pay === 'edit' || pay === 'full';
}

/** "My Account: View, Pay Invoices: Edit" — the sets above None, or "Nothing yet". */
export function levelsInWords(levels: Partial<Record<string, string>>): string {
  const parts = PROFILE_SETS.filter((s) => (levels[s] ?? 'none') !== 'none').map((s) => `${SET_WORDS[s].name}: ${LEVEL_WORDS[levels[s] as ProfileLevel].name}`);
  return parts.length > 0 ? parts.join(', ') : 'Nothing yet';
}

/**
 * The org's profiles, or null when the caller may not read them (a partner administrator): the
 * pickers then offer the caller's own profile, the one they may always pass on.
 */
export function useProfiles(orgId: string, enabled = true) {
  return useQuery({
    queryKey: ['profiles', orgId],
    enabled,
    retry: false,
    queryFn: () =>
      api<{ items: ProfileT[] }>('GET', `/orgs/${orgId}/profiles`).then(
        (r) => r.items,
        (e: unknown) => {
          if (e instanceof ApiError && e.status === 403) return null;
          throw e;
        },
      ),
  });
}

/** One page of customer accounts matching `search` (partner users get only their own). */
export function useCustomerSearch(orgId: string, search: string, enabled = true) {
  return useQuery({
    queryKey: ['customer-search', orgId, search],
    enabled,
    queryFn: () => api<PageT<CustomerT>>('GET', `/orgs/${orgId}/customers${qs({ search, limit: 50 })}`),
  });
}

export function customerLabel(c: { name: string; number: string | null }): string {
  return c.number ? `${c.name} (${c.number})` : c.name;
}
