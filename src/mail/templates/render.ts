/**
 * A tiny, dependency-free way to write a message once and get its plain-text and HTML parts.
 * Every value is escaped in the HTML part; links are only ever built by the caller from
 * `config.publicUrl` (never from request headers, Zitadel CVE-2023-49097).
 * Invitations and any later message use the same helper: `renderMail({ subject, ... })`.
 */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailParts {
  subject: string;
  /** "Hello Ada," — omitted when the name is unknown. */
  greeting?: string | undefined;
  paragraphs: readonly string[];
  /** The one button of the message. */
  action?: { label: string; url: string } | undefined;
  /** Small print after the action (why you got this, what to do if it was not you). */
  footer?: readonly string[] | undefined;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Control characters (other than newline) never reach a mail body or subject line. */
function clean(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return value.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
}

/** Renders the parts into a subject, a plain-text body and an HTML body. */
export function renderMail(parts: MailParts): MailContent {
  const subject = clean(parts.subject).replace(/\n/g, ' ');
  const paras = parts.paragraphs.map(clean);
  const footer = (parts.footer ?? []).map(clean);
  const text = [
    ...(parts.greeting ? [clean(parts.greeting)] : []),
    ...paras,
    ...(parts.action ? [`${clean(parts.action.label)}:\n${parts.action.url}`] : []),
    ...footer,
    '— Rolecall',
  ].join('\n\n');
  const p = (s: string, style = '') => `<p${style ? ` style="${style}"` : ''}>${escapeHtml(s).replace(/\n/g, '<br>')}</p>`;
  const html = [
    '<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:560px">',
    ...(parts.greeting ? [p(clean(parts.greeting))] : []),
    ...paras.map((s) => p(s)),
    ...(parts.action
      ? [
          `<p><a href="${escapeHtml(parts.action.url)}" style="display:inline-block;padding:10px 16px;background:#1f4fd1;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(clean(parts.action.label))}</a></p>`,
          p(`Or paste this link into your browser: ${parts.action.url}`, 'font-size:12px;color:#555'),
        ]
      : []),
    ...footer.map((s) => p(s, 'font-size:12px;color:#555')),
    '<p style="font-size:12px;color:#555">— Rolecall</p></body></html>',
  ].join('\n');
  return { subject, text, html };
}

/** "Hello Ada," when there is a first name. */
export function greet(firstName: string | null | undefined): string | undefined {
  const name = firstName?.trim();
  return name ? `Hello ${name},` : undefined;
}
