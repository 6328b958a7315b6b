// Prints the closing "N passed, N failed" line of a CI run from the runners' JSON reports and
// exits non-zero on any failure. A step that failed without a report (type check, lint, a
// crashed benchmark) counts as one failure.
import { REPORT, vitestCounts } from './vitest-counts.mjs';

const [testStatus = '1', futureStatus = '0', benchStatus = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
// The whole suite, then the browser suite again with the clock a year ahead.
for (const [report, status] of [
  [REPORT, testStatus],
  ['test-results/vitest-future.json', futureStatus],
]) {
  const c = vitestCounts(report);
  passed += c.passed;
  failed += c.failed;
  if (status !== '0' && c.failed === 0) failed += 1;
}
if (benchStatus !== '0') failed += 1;
if (passed === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
