import type { Deps } from '../../container.js';
import type { EmailCheck } from '../../domain/email.js';
import { orgOfDomain } from '../../store/queries/oidc.queries.js';

/**
 * What a refused password sign-in says when the email's domain signs in through a business's
 * identity provider (its linked people have no password here). It depends on the domain only,
 * as the email-first step does, so it tells nobody whether an account exists.
 */
export async function providerSignInHint(deps: Pick<Deps, 'db'>, email: EmailCheck): Promise<string | undefined> {
  if (!email.ok) return undefined;
  const domain = email.key.slice(email.key.lastIndexOf('@') + 1);
  if (!(await orgOfDomain(deps.db, domain))) return undefined;
  return `People of ${domain} sign in through their business's identity provider: enter your email on the sign-in page and continue there.`;
}
