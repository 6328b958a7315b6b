import { AppError } from '../../contracts/errors.js';
import type { RequestContext } from '../context.js';

/**
 * The support portal exists only for platform staff. Anyone else gets the same 404 as an
 * unknown path, so merchants cannot even learn that cross-org search exists (SPEC rule 1).
 */
export function requirePlatformStaff(ctx: RequestContext): void {
  if (!ctx.principal) throw new AppError('unauthenticated');
  if (!ctx.principal.platformRole) throw new AppError('not_found', 'No such endpoint.');
}
