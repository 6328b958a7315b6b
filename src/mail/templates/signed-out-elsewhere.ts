import { greet, type MailContent, renderMail } from './render.js';

/** SPEC rule 10: single active session — the user learns that a newer sign-in ended theirs. */
export function signedOutElsewhereMail(input: { publicUrl: string; firstName?: string | null; at: Date; ip?: string | undefined; userAgent?: string | undefined }): MailContent {
  const where = [input.ip ? `from ${input.ip}` : '', input.userAgent ? `using ${input.userAgent.slice(0, 120)}` : ''].filter(Boolean).join(' ');
  return renderMail({
    subject: 'You were signed out because you signed in elsewhere',
    greeting: greet(input.firstName),
    paragraphs: [
      `Your account signed in again at ${input.at.toISOString().replace('T', ' ').slice(0, 16)} UTC${where ? ` ${where}` : ''}. Your organization allows one active session per person, so the earlier session was ended.`,
      'If this was not you, reset your password now.',
    ],
    action: { label: 'Reset my password', url: `${input.publicUrl}/forgot-password` },
  });
}
