// The load generator, run as its own process pinned to core 1 (`taskset -c 1`), so it never
// competes with the server for core 0. Input: a JSON file; output: autocannon's summary.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const o = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const bodies = o.bodies ?? [null];
let i = 0;
const result = await autocannon({
  url: o.url,
  method: o.method ?? 'GET',
  headers: o.headers ?? {},
  connections: o.connections ?? 10,
  duration: o.duration,
  ...(o.overallRate ? { overallRate: o.overallRate } : {}),
  requests: [
    {
      setupRequest: (req) => {
        const body = bodies[i++ % bodies.length];
        return body === null ? req : { ...req, body };
      },
    },
  ],
});
process.stdout.write(
  JSON.stringify({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, total: result.requests.total }),
);
