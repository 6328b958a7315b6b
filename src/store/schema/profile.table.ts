/** JSON columns are stored as text so both dialects read them the same way. */
export interface ProfileTable {
  id: string;
  org_id: string;
  name: string;
  audience: 'staff' | 'partner' | 'customer';
  /** JSON: `{ [ProfileSet]: ProfileLevel }`; a missing set means "none". */
  levels: string;
  /** JSON array of payment method names the Pay Invoices level allows. */
  payment_methods: string;
  /** The subscription home template customers of this profile see (seed 002). */
  home_template: string | null;
  /** JSON object: the configuration values of the customer experience (seed 002 "Configurations"). */
  configuration: string;
  created_at: string;
  updated_at: string;
}
