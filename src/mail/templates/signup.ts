import { countOf } from '../../domain/plural.js';
import { greet, type MailContent, renderMail } from './render.js';

/**
 * The messages of a customer's own sign-up. Whether or not the address already has an account,
 * the form answers the same; only the mailbox's owner learns which it was. The link carries the
 * token in the fragment, out of logs and Referer headers.
 */
export function signupMail(input: { publicUrl: string; token: string; orgName: string; firstName?: string | null; hours: number }): MailContent {
  return renderMail({
    subject: `Finish creating your ${input.orgName} account`,
    greeting: greet(input.firstName),
    paragraphs: [
      `Thanks for signing up with ${input.orgName}. Choose a password with the link below to finish creating your account.`,
      `The link works once and expires in ${countOf(input.hours, 'hour')}.`,
    ],
    action: { label: 'Choose a password', url: `${input.publicUrl}/signup/complete#token=${encodeURIComponent(input.token)}` },
    footer: ['If you did not sign up, ignore this message; no account is created unless the link is used.'],
  });
}

/** Sent instead when the address already has an account: no token, nothing is created. */
export function signupExistingMail(input: { publicUrl: string; orgName: string; firstName?: string | null }): MailContent {
  return renderMail({
    subject: `You already have an account (${input.orgName})`,
    greeting: greet(input.firstName),
    paragraphs: [
      `Someone (hopefully you) tried to sign up with ${input.orgName} using this address, but you already have an account with it, so no new account was made.`,
      'Sign in with this address, or reset your password if you forgot it. To be added to this business, ask them for an invitation.',
    ],
    action: { label: 'Reset my password', url: `${input.publicUrl}/forgot-password` },
    footer: ['If this was not you, you can ignore this message.'],
  });
}
