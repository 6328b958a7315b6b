// The baseline: a bare Fastify hello-world route, started and loaded exactly like Rolecall
// (own process, pinned to core 0, logger off, loopback). Prints its port on stdout.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/check', async () => ({ hello: 'world' }));
app.get('/readyz', async () => ({ status: 'ready' }));
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`listening ${app.server.address().port}`);
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
