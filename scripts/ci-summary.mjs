// Prints the closing "N passed, N failed" line of a CI run from the runners' JSON reports and
// exits non-zero on any failure. A step that failed without a report (type check, lint, a
// crashed benchmark) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [testStatus = '1', benchStatus = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
const report = 'test-results/vitest.json';
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  passed += j.numPassedTests ?? 0;
  failed += (j.numFailedTests ?? 0) + (j.numFailedTestSuites ?? 0);
}
if (testStatus !== '0' && failed === 0) failed += 1;
if (benchStatus !== '0') failed += 1;
if (passed === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
