import { countOf } from '../../domain/plural.js';
import { greet, type MailContent, renderMail } from './render.js';

/**
 * The messages of a sign-in email change. The confirmation goes to the NEW address (only its
 * owner can finish the change); the old address is told at once and again when it happened.
 * The link carries the token in the fragment (`#token=`): browsers never send a fragment to the
 * server, so the token stays out of access logs and Referer headers.
 */
export function emailChangeConfirmMail(input: { publicUrl: string; token: string; firstName?: string | null; hours: number; byAdmin: boolean }): MailContent {
  return renderMail({
    subject: 'Confirm your new Rolecall sign-in email',
    greeting: greet(input.firstName),
    paragraphs: [
      input.byAdmin
        ? 'An administrator of your organization asked to make this address the sign-in email of your Rolecall account.'
        : 'You asked to make this address the sign-in email of your Rolecall account.',
      `Confirm it with the link below. The link works once and expires in ${countOf(input.hours, 'hour')}; until then you keep signing in with your old email.`,
    ],
    action: { label: 'Confirm my new email', url: `${input.publicUrl}/email-change#token=${encodeURIComponent(input.token)}` },
    footer: ['If you did not ask for this, ignore this message; nothing changes unless the link is used.'],
  });
}

/**
 * Sent instead of the confirmation when the new address already belongs to an account: the
 * person asking gets the same answer either way (nobody learns which addresses have accounts),
 * and only the address's owner learns it was tried.
 */
export function emailChangeTakenMail(input: { publicUrl: string }): MailContent {
  return renderMail({
    subject: 'Someone tried to use this email for a Rolecall account',
    paragraphs: [
      'Someone asked to make this address the sign-in email of a Rolecall account, but an account with this address already exists, so nothing changed.',
      'If that account is yours, sign in with this address as usual, or reset its password if you forgot it.',
    ],
    action: { label: 'Reset my password', url: `${input.publicUrl}/forgot-password` },
    footer: ['If you did not ask for this, you can ignore this message.'],
  });
}

/** To the OLD address when a change is asked for: the owner can stop a change they did not make. */
export function emailChangeNoticeMail(input: { publicUrl: string; firstName?: string | null; maskedNewEmail: string; byAdmin: boolean }): MailContent {
  return renderMail({
    subject: 'Your Rolecall sign-in email is being changed',
    greeting: greet(input.firstName),
    paragraphs: [
      `${input.byAdmin ? 'An administrator of your organization asked' : 'Someone signed in to your account asked'} to change your sign-in email to ${input.maskedNewEmail}. It changes once the new address confirms it.`,
      'If this was not you, reset your password now: that cancels the change and signs everyone out of your account.',
    ],
    action: { label: 'Reset my password', url: `${input.publicUrl}/forgot-password` },
  });
}

/** To the OLD address once the change is done (ASVS 6.3.7: told after a change of the sign-in). */
export function emailChangedMail(input: { publicUrl: string; firstName?: string | null; maskedNewEmail: string; at: Date }): MailContent {
  return renderMail({
    subject: 'Your Rolecall sign-in email was changed',
    greeting: greet(input.firstName),
    paragraphs: [
      `The sign-in email of your Rolecall account was changed to ${input.maskedNewEmail} at ${input.at.toISOString().replace('T', ' ').slice(0, 16)} UTC. This address no longer signs in.`,
      'If this was not you, contact your administrator or platform support at once.',
    ],
  });
}
