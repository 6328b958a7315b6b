/**
 * Work a request starts but does not wait for, so its answer takes the same time whatever the
 * work is. Used where the time of the answer would tell a caller something (ASVS 6.3.8: the
 * reset row, mail and audit of a known account's forgot-password request; the audit of a
 * wrong password), and for bookkeeping that is no part of the answer (a member's "Last seen"),
 * never to hide slowness.
 *
 * Each task is one transaction, so it lands whole or not at all; a failure goes to the log,
 * and closing the app waits for whatever is still running. A process killed between the
 * answer and the commit loses that work, which is why only work whose loss costs little goes
 * here: a reset link the person can ask for again, the audit record of a refused sign-in
 * (the lockout counter it explains is committed before the answer), a last-seen time the next
 * request rewrites.
 */
export interface AfterReply {
  /** Starts `work` once the current request's handler has returned. */
  run(name: string, work: () => Promise<unknown>): void;
  /** Resolves when every task started so far has finished (close and tests wait on it). */
  settled(): Promise<void>;
  /** Where failures are reported; the HTTP app points it at its logger. */
  onError: (name: string, err: unknown) => void;
}

/** How long after the answer the work starts. */
const START_DELAY_MS = 10;

export function createAfterReply(): AfterReply {
  const running = new Set<Promise<void>>();
  const self: AfterReply = {
    onError: (name, err) => process.stderr.write(`${name} failed after the reply: ${err instanceof Error ? err.stack : String(err)}\n`),
    run(name, work) {
      // A few milliseconds after the answer, not at once: the answer has left, and the work
      // does not compete for the CPU with sending it (measured: started at once, it slowed a
      // loaded server's known-account answers by ~10%).
      const task: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, START_DELAY_MS))
        .then(work)
        .then(
          () => undefined,
          (err: unknown) => self.onError(name, err),
        )
        .finally(() => running.delete(task));
      running.add(task);
    },
    async settled() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
  return self;
}
