/** One rate-limit window shared by every instance (migration 2026_11_30_2000). */
export interface RateLimitCounterTable {
  /** sha256 of the limit's scope and key (the client's IP, an account, an invitation …). */
  key: string;
  /** Requests counted in the current window, the refused ones included. */
  count: number;
  /** ISO time the current window ends; from then on the next request starts a new one. */
  window_ends_at: string;
}
