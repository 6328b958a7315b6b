import { newId } from '../../lib/ids.js';
import { hashToken } from '../../lib/tokens.js';
import { canonicalRecoveryCode, newRecoveryCodes } from '../../lib/totp.js';
import type { Executor } from '../../store/database.js';
import { replaceRecoveryCodes } from '../../store/queries/second-factor.queries.js';

/** New recovery codes replace all older ones; only their sha256 is stored, the codes are shown once. */
export async function issueRecoveryCodes(ex: Executor, userId: string, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(
    ex,
    userId,
    codes.map((c) => ({ id: newId(), hash: hashToken(canonicalRecoveryCode(c)) })),
    now.toISOString(),
  );
  return codes;
}
