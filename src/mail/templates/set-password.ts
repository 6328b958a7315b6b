import { countOf } from '../../domain/plural.js';
import { greet, type MailContent, renderMail } from './render.js';

/**
 * The first message of a person an admin added directly (without an invitation): the account
 * exists, and the link lets them choose its password. It reuses the reset page and token; the
 * token travels in the fragment, out of server logs and Referer headers.
 */
export function setPasswordMail(input: { publicUrl: string; token: string; orgName: string; adderName: string; firstName?: string | null; days: number }): MailContent {
  return renderMail({
    subject: `Your ${input.orgName} account on Rolecall is ready`,
    greeting: greet(input.firstName),
    paragraphs: [
      `${input.adderName} created an account for you at ${input.orgName}. Choose a password with the link below, then sign in with this email address.`,
      `The link works once and expires in ${countOf(input.days, 'day')}. If it expires, use "Forgot password" on the sign-in page.`,
    ],
    action: { label: 'Choose your password', url: `${input.publicUrl}/reset-password#token=${encodeURIComponent(input.token)}` },
    footer: [`If you did not expect this, ignore this message or tell ${input.orgName}; nobody can use the account without the password you choose.`],
  });
}
