// Runs the whole suite with vitest, writes the JSON report to test-results/vitest.json and
// prints one closing line "N passed, N failed" (and skipped) from it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { REPORT as report, vitestCounts } from './vitest-counts.mjs';

mkdirSync('test-results', { recursive: true });
// A report left by an earlier run must not be read as this run's.
rmSync(report, { force: true });
const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
let { passed, failed, skipped } = vitestCounts(report);
const ok = r.status === 0 && failed === 0 && passed > 0;
if (r.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
