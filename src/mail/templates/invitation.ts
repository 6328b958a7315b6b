/**
 * The invitation email. Plain text and HTML; every value that came from a person (org name,
 * inviter name, role names) is escaped in the HTML and stripped of line breaks in the subject,
 * so a crafted org name cannot inject markup or mail headers.
 */
export interface InvitationMailInput {
  orgName: string;
  inviterName: string;
  roleNames: readonly string[];
  /** `${config.publicUrl}/accept-invite#token=...` — never built from the request's Host header. */
  link: string;
  expiresAt: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML body or a double-quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** One line, no control characters: safe in a Subject header. */
function oneLine(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: -- removing control characters is the point
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

export function renderInvitation(m: InvitationMailInput): RenderedMail {
  const day = m.expiresAt.slice(0, 10);
  const roles = m.roleNames.join(', ');
  const subject = oneLine(`${m.inviterName} invited you to ${m.orgName} on Rolecall`);
  const text = [
    `${oneLine(m.inviterName)} invited you to join ${oneLine(m.orgName)} as ${oneLine(roles)}.`,
    '',
    'Accept the invitation:',
    m.link,
    '',
    `The link works until ${day}. If you did not expect this email, ignore it; nothing happens unless you accept.`,
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<p>${escapeHtml(m.inviterName)} invited you to join <strong>${escapeHtml(m.orgName)}</strong> as ${escapeHtml(roles)}.</p>`,
    `<p><a href="${escapeHtml(m.link)}">Accept the invitation</a></p>`,
    `<p>The link works until ${escapeHtml(day)}. If you did not expect this email, ignore it; nothing happens unless you accept.</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
