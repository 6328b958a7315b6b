/** Provisioning (SCIM) and sign-in through an org's identity provider: see migration 2026_12_01_1200. */

export interface ScimTokenTable {
  id: string;
  org_id: string;
  name: string;
  /** sha256 of the token (lib/tokens.ts); the token itself is shown once. */
  token_hash: string;
  /** The member whose authority the token acts with. */
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ScimGroupTable {
  id: string;
  org_id: string;
  display_name: string;
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ScimGroupMemberTable {
  org_id: string;
  group_id: string;
  user_id: string;
}

/** An admin's mapping of a group display name to a role; `store_ids` is a JSON array. */
export interface ScimGroupRoleTable {
  org_id: string;
  display_name: string;
  role_key: string;
  store_ids: string;
  updated_at: string;
}

export interface ScimExternalIdTable {
  org_id: string;
  user_id: string;
  external_id: string;
}

export interface OidcProviderTable {
  org_id: string;
  issuer: string;
  client_id: string;
  /** Encrypted with the configured secret key when there is one; never returned by the API. */
  client_secret: string | null;
  scopes: string;
  /** 1: a person of a covered domain without an account is created on first sign-in, with the default role. */
  allow_jit: number;
  created_at: string;
  updated_at: string;
}

export interface UserIdentityLinkTable {
  issuer: string;
  subject: string;
  user_id: string;
  org_id: string;
  created_at: string;
}

/** An email domain and the org whose provider signs its people in (one org per domain). */
export interface OidcDomainTable {
  domain: string;
  org_id: string;
}

/** A sign-in under way at a provider; used once. */
export interface OidcSignInTable {
  state_hash: string;
  browser_hash: string;
  org_id: string;
  nonce: string;
  code_verifier: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** The role a person from the identity provider holds while no mapped group gives one. */
export interface ProvisioningDefaultTable {
  org_id: string;
  role_key: string;
  store_ids: string;
  updated_at: string;
}
