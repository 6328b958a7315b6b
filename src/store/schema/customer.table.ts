/** A customer account of an org (seed 002), a resource of the org like a store. */
export interface CustomerTable {
  id: string;
  org_id: string;
  name: string;
  /** The account number people know it by; unique in the org when given. */
  number: string | null;
  /** Lower-cased "name number", for sorting and searching the list. */
  search_key: string;
  created_at: string;
  updated_at: string;
}

/** The customer accounts a partner or customer user works with (a customer user has exactly one). */
export interface MemberCustomerTable {
  org_id: string;
  user_id: string;
  customer_id: string;
}
