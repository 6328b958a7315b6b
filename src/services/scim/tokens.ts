/**
 * Provisioning (SCIM) tokens: an org admin creates one for their identity provider, sees it
 * once, and may revoke it. Only its sha256 is stored. A token acts with the authority of the
 * member who created it, re-read on every request: if that member loses the right to manage
 * the team, the token stops working with them, so a token never holds more than a person does.
 */
import { AppError, assertThat } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import { cleanText } from '../../domain/names.js';
import { newId } from '../../lib/ids.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { findUserById } from '../../store/queries/user.queries.js';
import { findMembership } from '../../store/queries/member.queries.js';
import { findScimToken, findScimTokenByHash, insertScimToken, listScimTokens as listRows, revokeScimToken as revokeRow, type ScimTokenRow, touchScimToken } from '../../store/queries/scim.queries.js';
import { inTransaction } from '../../store/transaction.js';
import { openOrg, requirePermission } from '../access.js';
import { audit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { ScimError } from './scim-error.js';

export interface ScimTokenView {
  id: string;
  name: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const view = (r: ScimTokenRow): ScimTokenView => ({ id: r.id, name: r.name, createdBy: r.created_by, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at });

/** Token management takes the right to manage the whole team, held by a member of the business. */
async function openForTokens(ex: Parameters<typeof openOrg>[0], ctx: RequestContext, orgId: string) {
  const org = await openOrg(ex, ctx.principal, orgId);
  requirePermission(org, 'team:manage');
  return org;
}

/** Creates a token; the only time its value is returned. */
export async function createScimToken(deps: Deps, ctx: RequestContext, orgId: string, input: { name: string }): Promise<{ token: string; item: ScimTokenView }> {
  const now = deps.clock();
  const name = cleanText(input.name);
  if (!name) throw new AppError('validation_failed', 'Give the token a name, such as the identity provider it is for.', { field: 'name' });
  return inTransaction(deps.db, async (trx) => {
    const org = await openForTokens(trx, ctx, orgId);
    if (org.actor.kind === 'platform') {
      throw new AppError('forbidden', 'A provisioning token acts for a member of the business; ask one of its admins to create it.');
    }
    const token = `scim_${newToken()}`;
    const row: ScimTokenRow = { id: newId(), org_id: orgId, name, token_hash: hashToken(token), created_by: org.actor.subject.userId, created_at: now.toISOString(), last_used_at: null, revoked_at: null };
    await insertScimToken(trx, row);
    await audit(trx, ctx, now, { orgId, action: 'scim_token.created', targetType: 'scim_token', targetId: row.id, after: { name } });
    return { token, item: view(row) };
  });
}

export async function listScimTokens(deps: Deps, ctx: RequestContext, orgId: string): Promise<{ items: ScimTokenView[] }> {
  await openForTokens(deps.db, ctx, orgId);
  return { items: (await listRows(deps.db, orgId)).map(view) };
}

/** Revokes a token at once; another org's token answers 404 like one that does not exist. */
export async function revokeScimToken(deps: Deps, ctx: RequestContext, orgId: string, tokenId: string): Promise<ScimTokenView> {
  const now = deps.clock();
  return inTransaction(deps.db, async (trx) => {
    await openForTokens(trx, ctx, orgId);
    const row = await findScimToken(trx, orgId, tokenId);
    assertThat(row, 'not_found', 'No such provisioning token in this business.');
    if (await revokeRow(trx, orgId, tokenId, now.toISOString())) {
      await audit(trx, ctx, now, { orgId, action: 'scim_token.revoked', targetType: 'scim_token', targetId: tokenId, before: { name: row.name } });
      return view({ ...row, revoked_at: now.toISOString() });
    }
    return view(row);
  });
}

/** Who a SCIM request acts as: the token's org, and a context whose audit actor is the token. */
export interface ScimCaller {
  orgId: string;
  tokenId: string;
  ctx: RequestContext;
}

/** "Last used" is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

/** The caller behind `Authorization: Bearer scim_…`; 401 when unknown, revoked or its creator left. */
export async function authenticateScimToken(deps: Deps, raw: string | undefined, request: { ip: string | undefined; requestId: string | undefined }): Promise<ScimCaller> {
  const unauthorized = (detail: string) => new ScimError(401, detail);
  if (!raw || raw.length > 200) throw unauthorized('A provisioning token is required: Authorization: Bearer <token>.');
  const row = await findScimTokenByHash(deps.db, hashToken(raw));
  if (!row || row.revoked_at !== null) throw unauthorized('This provisioning token is not valid or was revoked; create a new one in Rolecall.');
  const creator = await findUserById(deps.db, row.created_by);
  const membership = await findMembership(deps.db, row.org_id, row.created_by);
  if (creator?.status !== 'active' || membership?.status !== 'active') {
    throw unauthorized('The person who created this provisioning token no longer has access; create a new token.');
  }
  const now = deps.clock();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) await touchScimToken(deps.db, row.id, now.toISOString());
  return {
    orgId: row.org_id,
    tokenId: row.id,
    ctx: {
      principal: { userId: row.created_by, sessionId: `scim:${row.id}`, platformRole: null, endedOrgIds: new Set(), via: { kind: 'scim_token', tokenId: row.id } },
      ip: request.ip,
      requestId: request.requestId,
    },
  };
}
