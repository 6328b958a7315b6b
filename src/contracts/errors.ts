/**
 * The catalogue of stable error codes. Codes are API: never rename one, only add.
 * Each maps to one HTTP status and a default, human sentence that says what to do next.
 */
export const ERROR_CODES = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'Sign in first' },
  invalid_credentials: { status: 401, title: 'Email or password is incorrect' },
  session_expired: { status: 401, title: 'Your session has ended; sign in again' },
  invalid_current_password: { status: 400, title: 'The current password is not correct' },
  account_locked: { status: 423, title: 'Too many failed sign-ins; try again later or reset your password' },
  forbidden: { status: 403, title: 'You do not have permission to do this' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'The change conflicts with the current state' },
  already_exists: { status: 409, title: 'Something with that identifier already exists' },
  last_org_admin: { status: 409, title: 'The organization must keep at least one active top admin' },
  owner_protected: { status: 409, title: 'The account owner cannot be removed, demoted, suspended or deactivated' },
  role_not_assignable: { status: 403, title: 'You cannot assign this role' },
  store_not_assignable: { status: 403, title: 'You cannot assign access to this store' },
  permission_not_held: { status: 403, title: 'You cannot grant a permission you do not hold' },
  unknown_role: { status: 400, title: 'No such role in this organization' },
  unknown_store: { status: 400, title: 'No such store in this organization' },
  invalid_assignment: { status: 400, title: 'The role assignment is not valid' },
  shared_profile: { status: 403, title: 'This person also belongs to other businesses; only they, or platform support, can change their name and phone' },
  role_in_use: { status: 409, title: 'The role is still assigned to members' },
  built_in_role: { status: 409, title: 'Built-in roles cannot be changed this way' },
  reason_required: { status: 400, title: 'Support staff must give a reason for this change' },
  already_member: { status: 409, title: 'This person is already a member of the organization' },
  invitation_pending: { status: 409, title: 'An invitation is already pending for this email' },
  invitation_not_pending: { status: 409, title: 'This invitation is no longer pending' },
  email_mismatch: { status: 403, title: 'Signed in with a different email than the one invited' },
  weak_password: { status: 400, title: 'Choose a different password' },
  rate_limited: { status: 429, title: 'Too many requests; wait a moment and try again' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  headers_too_large: { status: 431, title: 'The request headers are too large' },
  request_timeout: { status: 408, title: 'The request took too long to arrive; send it again' },
  unsupported_media_type: { status: 415, title: 'Send the body as application/json' },
  invalid_token: { status: 400, title: 'This link is not valid any more; ask for a new one' },
  csrf_failed: { status: 403, title: 'The request did not come from this site' },
  second_factor_required: { status: 403, title: 'Set up a second factor (authenticator app or passkey) before using this account' },
  second_factor_failed: { status: 401, title: 'That code or passkey was not accepted; try again' },
  sign_in_expired: { status: 401, title: 'This sign-in has expired; enter your email and password again' },
  invalid_code: { status: 400, title: 'That code is not correct; check your authenticator app and try again' },
  not_ready: { status: 503, title: 'The service is not ready' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
  audience_not_assignable: { status: 403, title: 'You cannot add or change people of this kind' },
  invalid_audience: { status: 400, title: 'The roles, profile or customer accounts do not fit this kind of user' },
  unknown_profile: { status: 400, title: 'No such profile in this organization' },
  unknown_customer_account: { status: 400, title: 'No such customer account among the ones you can choose' },
  invalid_file: { status: 400, title: 'The file could not be read; check its format and upload it again' },
  top_admin_role_locked: { status: 409, title: 'The top admin role must keep what managing access needs' },
  profile_in_use: { status: 409, title: 'People still use this profile; move them to another profile first' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The one error class. Services throw it; the HTTP layer turns it into problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, detail?: string, details?: Record<string, unknown>) {
    super(detail ?? ERROR_CODES[code].title);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = details;
  }
}

/** `assertThat(member, 'not_found')` — narrows the value and throws the coded error otherwise. */
export function assertThat(condition: unknown, code: ErrorCode, detail?: string, details?: Record<string, unknown>): asserts condition {
  if (!condition) throw new AppError(code, detail, details);
}
