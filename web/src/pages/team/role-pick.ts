/**
 * Least privilege ("start lower and raise access later"): a role picker starts at the
 * lowest-ranked role the person may give. Among equals (a stocker and a cashier) the one listed
 * first wins, so the choice is stable.
 */
export function lowestRole<T extends { rank: number }>(roles: readonly T[]): T | undefined {
  let low: T | undefined;
  for (const r of roles) if (!low || r.rank < low.rank) low = r;
  return low;
}

/** Pickers list roles lowest first, so the default is the first choice and raising access is a deliberate step. */
export function lowestFirst<T extends { rank: number }>(roles: readonly T[]): T[] {
  return [...roles].sort((a, b) => a.rank - b.rank);
}
