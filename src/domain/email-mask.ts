/**
 * An email address shown to someone who should recognise it but not learn it: "n***@example.com".
 * The first character of the local part stays, the domain stays (people know their provider),
 * so a notice to the old address says where the account is moving without handing a reader of
 * that mailbox the new address in full.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}
