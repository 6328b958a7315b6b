import { randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import { loadConfig } from '../config.js';
import { createContainer } from '../container.js';
import { AppError } from '../contracts/errors.js';
import { startServer } from '../server.js';
import { seedDemo } from '../services/demo.js';
import { createUser } from '../services/users.js';
import { audit } from '../services/audit.js';
import { createDb, migrateToLatest } from '../store/dialect.js';
import { readSecret } from './read-secret.js';

const dbOption = () => new Option('--db <url>', 'sqlite:PATH or postgres://... (default: DATABASE_URL, else ./data/rolecall.db)');

function configFrom(opts: { db?: string; port?: string; host?: string }) {
  return loadConfig(process.env, {
    ...(opts.db ? { dbUrl: opts.db } : {}),
    ...(opts.port ? { port: Number(opts.port) } : {}),
    ...(opts.host ? { host: opts.host } : {}),
  });
}

const program = new Command('rolecall').description('Who may do what, in which store.').showHelpAfterError();

program
  .command('serve')
  .description('Run the API and the console')
  .addOption(dbOption())
  .option('--port <port>', 'port to listen on (default: PORT, else 3000)')
  .option('--host <host>', 'interface to bind (default: HOST, else 127.0.0.1)')
  .action(async (opts) => {
    const running = await startServer(configFrom(opts));
    const lines = [``, `  Rolecall is running at ${running.url}`, `  API reference: ${running.url}/api/docs`];
    if (running.setupUrl) lines.push(`  First start: open this one-time link to create the first platform admin:`, `    ${running.setupUrl}`);
    else lines.push(`  Sign in at ${running.url}/ with your account.`);
    console.log(`${lines.join('\n')}\n`);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void running.stop().then(() => process.exit(0)));
  });

program
  .command('migrate')
  .description('Create or update the database schema')
  .addOption(dbOption())
  .action(async (opts) => {
    const handle = createDb(configFrom(opts).dbUrl);
    const done = await migrateToLatest(handle.db);
    console.log(done.length ? `Applied: ${done.join(', ')}` : 'The schema is up to date.');
    await handle.close();
  });

program
  .command('create-platform-admin')
  .description('Create a platform staff account (password from ROLECALL_PASSWORD or standard input)')
  .requiredOption('--email <email>')
  .option('--first-name <name>', '', 'Platform')
  .option('--last-name <name>', '', 'Admin')
  .addOption(new Option('--role <role>').choices(['support_admin', 'support_agent']).default('support_admin'))
  .addOption(dbOption())
  .action(async (opts) => {
    const password = process.env.ROLECALL_PASSWORD ?? (await readSecret('Password (15+ characters): '));
    const c = await createContainer(configFrom(opts));
    try {
      const now = c.clock();
      const user = await c.db.transaction().execute(async (trx) => {
        const u = await createUser(trx, c, now, { email: opts.email, firstName: opts.firstName, lastName: opts.lastName, password, platformRole: opts.role });
        await audit(trx, { principal: null, ip: undefined, requestId: 'cli' }, now, { orgId: null, action: 'platform.admin_created', targetType: 'user', targetId: u.id, after: { email: u.email, role: opts.role, via: 'cli' } });
        return u;
      });
      console.log(`Created ${opts.role} ${user.email} (${user.id}).`);
    } finally {
      await c.close();
    }
  });

program
  .command('seed-demo')
  .description('Add a demo merchant with three stores and one member of each role')
  .addOption(dbOption())
  .action(async (opts) => {
    const password = process.env.ROLECALL_PASSWORD ?? `demo-${randomBytes(9).toString('base64url')}`;
    const c = await createContainer(configFrom(opts));
    try {
      const demo = await seedDemo(c, password);
      console.log(`Demo merchant created (org ${demo.orgId}). Everyone's password: ${password}`);
      for (const u of demo.users) console.log(`  ${u.role.padEnd(14)} ${u.email}`);
    } finally {
      await c.close();
    }
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof AppError) console.error(`Error (${err.code}): ${err.message}`);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
