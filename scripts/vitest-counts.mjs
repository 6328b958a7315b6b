// Counts from vitest's JSON report. A failed test counts once (not again for each describe
// around it); a test file that failed without any failed test in it (it did not load, or a
// hook threw) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

export const REPORT = 'test-results/vitest.json';

export function vitestCounts(report = REPORT) {
  if (!existsSync(report)) return { passed: 0, failed: 0, skipped: 0 };
  const j = JSON.parse(readFileSync(report, 'utf8'));
  const brokenFiles = (j.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  return {
    passed: j.numPassedTests ?? 0,
    failed: (j.numFailedTests ?? 0) + brokenFiles,
    skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
  };
}
