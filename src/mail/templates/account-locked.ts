import { greet, type MailContent, renderMail } from './render.js';
import { countOf } from '../../domain/plural.js';

/**
 * Sign-in answers the same generic error while locked (no account enumeration), so the owner
 * of the account learns about the lock here, with the way out: a reset clears the lock.
 */
export function accountLockedMail(input: { publicUrl: string; firstName?: string | null; minutes: number }): MailContent {
  return renderMail({
    subject: 'Your Rolecall account is locked for a while',
    greeting: greet(input.firstName),
    paragraphs: [
      `There were too many failed sign-ins to your account, so it is locked for ${countOf(input.minutes, 'minute')}.`,
      'If that was you, wait or reset your password (a reset unlocks the account at once). If it was not you, your password held; consider changing it anyway.',
    ],
    action: { label: 'Reset my password', url: `${input.publicUrl}/forgot-password` },
  });
}
