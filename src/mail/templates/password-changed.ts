import { greet, type MailContent, renderMail } from './render.js';

/** ASVS 6.3.7: the user is told after any change or reset of their password. */
export function passwordChangedMail(input: { publicUrl: string; firstName?: string | null; how: 'changed' | 'reset'; at: Date }): MailContent {
  return renderMail({
    subject: 'Your Rolecall password was changed',
    greeting: greet(input.firstName),
    paragraphs: [
      `The password of your Rolecall account was ${input.how === 'reset' ? 'reset' : 'changed'} at ${input.at.toISOString().replace('T', ' ').slice(0, 16)} UTC, and every other session was signed out.`,
      'If this was not you, reset your password now and tell your administrator.',
    ],
    action: { label: 'Reset my password', url: `${input.publicUrl}/forgot-password` },
  });
}
