import { greet, type MailContent, renderMail } from './render.js';
import { countOf } from '../../domain/plural.js';

/**
 * The reset link carries the token in the fragment (`#token=`): browsers never send a fragment
 * to the server, so the token stays out of access logs and Referer headers.
 */
export function passwordResetMail(input: { publicUrl: string; token: string; firstName?: string | null; minutes: number; byAdmin: boolean }): MailContent {
  const url = `${input.publicUrl}/reset-password#token=${encodeURIComponent(input.token)}`;
  return renderMail({
    subject: 'Reset your Rolecall password',
    greeting: greet(input.firstName),
    paragraphs: [
      input.byAdmin
        ? 'An administrator of your organization started a password reset for your account. Choose a new password with the link below.'
        : 'Someone (hopefully you) asked to reset the password of your Rolecall account.',
      `The link works once and expires in ${countOf(input.minutes, 'minute')}. Using it signs you out everywhere.`,
    ],
    action: { label: 'Choose a new password', url },
    footer: ['If you did not ask for this, ignore this message; your password stays as it is.'],
  });
}
