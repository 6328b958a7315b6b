// Prints the closing "N passed, N failed" line of a CI run from the runners' JSON reports and
// exits non-zero on any failure. A step that failed without a report (type check, lint, a
// crashed benchmark) counts as one failure.
import { vitestCounts } from './vitest-counts.mjs';

const [testStatus = '1', benchStatus = '0'] = process.argv.slice(2);
let { passed, failed } = vitestCounts();
if (testStatus !== '0' && failed === 0) failed += 1;
if (benchStatus !== '0') failed += 1;
if (passed === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
