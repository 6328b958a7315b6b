/**
 * An org's OpenID Connect provider: issuer, client, scopes, the email domains it signs in, and
 * whether unknown people of those domains may be created on first sign-in. The client secret is
 * written, never read back. Saving checks the provider answers discovery, so a typo is found
 * before anyone is sent there.
 */
import { AppError, assertThat } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import { deleteOidcProvider, domainsTakenElsewhere, findOidcProvider, oidcDomainsOf, saveOidcProvider } from '../../store/queries/oidc.queries.js';
import { inTransaction } from '../../store/transaction.js';
import { mapUniqueViolation } from '../../store/unique.js';
import { openOrg, requirePermission } from '../access.js';
import { audit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { discover, issuerProblem, type ProviderSettings } from './client.js';

export interface IdentityProviderView {
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
  scopes: string;
  domains: string[];
  allowJustInTime: boolean;
  updatedAt: string;
}

export interface IdentityProviderInput {
  issuer: string;
  clientId: string;
  /** Absent: keep the stored one. */
  clientSecret?: string | undefined;
  scopes?: string | undefined;
  domains: string[];
  allowJustInTime?: boolean | undefined;
}

async function openForProvider(deps: Deps, ctx: RequestContext, orgId: string) {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'org:update');
  return org;
}

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

function cleanDomains(list: readonly string[]): string[] {
  const out = [...new Set(list.map((d) => d.trim().toLowerCase().replace(/^@/, '')))];
  const bad = out.find((d) => !DOMAIN.test(d));
  if (bad !== undefined) throw new AppError('validation_failed', `"${bad}" is not an email domain; enter domains like example.com.`, { field: 'domains' });
  if (out.length === 0) throw new AppError('validation_failed', 'Enter at least one email domain whose people sign in through this provider.', { field: 'domains' });
  return out.sort();
}

/** Runs discovery; a provider that does not answer is refused in plain words. */
export async function testProvider(p: ProviderSettings): Promise<{ issuer: string; endSession: boolean }> {
  const problem = issuerProblem(p.issuer);
  if (problem) throw new AppError('validation_failed', problem, { field: 'issuer' });
  try {
    const config = await discover(p);
    const meta = config.serverMetadata();
    return { issuer: meta.issuer, endSession: typeof meta.end_session_endpoint === 'string' };
  } catch {
    throw new AppError('validation_failed', 'The identity provider did not answer at this issuer address; check the address and that it is reachable from Rolecall.', { field: 'issuer' });
  }
}

export async function getIdentityProvider(deps: Deps, ctx: RequestContext, orgId: string): Promise<IdentityProviderView> {
  await openForProvider(deps, ctx, orgId);
  const row = await findOidcProvider(deps.db, orgId);
  assertThat(row, 'not_found', 'This business has no identity provider set.');
  return { issuer: row.issuer, clientId: row.client_id, hasClientSecret: row.client_secret !== null, scopes: row.scopes, domains: await oidcDomainsOf(deps.db, orgId), allowJustInTime: row.allow_jit === 1, updatedAt: row.updated_at };
}

/** POST …/identity-provider/test: discovery with the given settings, nothing saved. */
export async function testIdentityProvider(deps: Deps, ctx: RequestContext, orgId: string, input: { issuer: string; clientId: string; clientSecret?: string | undefined }) {
  await openForProvider(deps, ctx, orgId);
  const stored = await findOidcProvider(deps.db, orgId);
  return testProvider({ issuer: input.issuer, clientId: input.clientId, clientSecret: input.clientSecret ?? stored?.client_secret ?? null });
}

export async function setIdentityProvider(deps: Deps, ctx: RequestContext, orgId: string, input: IdentityProviderInput): Promise<IdentityProviderView> {
  await openForProvider(deps, ctx, orgId);
  const domains = cleanDomains(input.domains);
  const scopes = (input.scopes ?? 'openid email profile').split(/\s+/).filter(Boolean);
  if (!scopes.includes('openid') || !scopes.includes('email')) throw new AppError('validation_failed', 'The scopes must include openid and email.', { field: 'scopes' });
  const stored = await findOidcProvider(deps.db, orgId);
  const secret = input.clientSecret ?? stored?.client_secret ?? null;
  const found = await testProvider({ issuer: input.issuer, clientId: input.clientId, clientSecret: secret });
  const now = deps.clock();
  const taken = () => new AppError('already_exists', 'Another business already signs in people of one of these domains; remove that domain here or ask platform support.');
  await mapUniqueViolation(
    () =>
      inTransaction(deps.db, async (trx) => {
        const org = await openOrg(trx, ctx.principal, orgId);
        requirePermission(org, 'org:update');
        if ((await domainsTakenElsewhere(trx, orgId, domains)).length > 0) throw taken();
        const iso = now.toISOString();
        await saveOidcProvider(
          trx,
          { org_id: orgId, issuer: found.issuer, client_id: input.clientId, client_secret: secret, scopes: scopes.join(' '), allow_jit: input.allowJustInTime ? 1 : 0, created_at: stored?.created_at ?? iso, updated_at: iso },
          domains,
        );
        await audit(trx, ctx, now, {
          orgId,
          action: 'identity_provider.set',
          targetType: 'org',
          targetId: orgId,
          ...(stored ? { before: { issuer: stored.issuer, clientId: stored.client_id } } : {}),
          after: { issuer: found.issuer, clientId: input.clientId, domains, allowJustInTime: input.allowJustInTime === true, secretChanged: input.clientSecret !== undefined },
        });
      }),
    taken,
  );
  return getIdentityProvider(deps, ctx, orgId);
}

export async function removeIdentityProvider(deps: Deps, ctx: RequestContext, orgId: string): Promise<void> {
  const now = deps.clock();
  await inTransaction(deps.db, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    requirePermission(org, 'org:update');
    const stored = await findOidcProvider(trx, orgId);
    assertThat(stored, 'not_found', 'This business has no identity provider set.');
    await deleteOidcProvider(trx, orgId);
    await audit(trx, ctx, now, { orgId, action: 'identity_provider.removed', targetType: 'org', targetId: orgId, before: { issuer: stored.issuer, clientId: stored.client_id } });
  });
}
