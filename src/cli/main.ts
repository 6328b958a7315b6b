import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { type Config, loadConfig } from '../config.js';
import { createContainer } from '../container.js';
import { startServer } from '../server.js';
import { type DemoResult, demoPasswordIs, resetDemoPasswords, seedDemo } from '../services/demo.js';
import { createPlatformUser } from '../services/users.js';
import { createDb, migrateToLatest } from '../store/dialect.js';
import { explainError } from './explain-error.js';
import { type ImportFlags, importCommand } from './import.js';
import { readSecret } from './read-secret.js';

interface Flags {
  db?: string;
  port?: string;
  host?: string;
}

const dbOption = () => new Option('--db <url>', 'sqlite:PATH or postgres://... (default: DATABASE_URL, else ./data/rolecall.db)');

/** Flags are checked by the same schema as the variables they stand for. */
function configFrom(opts: Flags): Config {
  return loadConfig(process.env, {}, { DATABASE_URL: opts.db, PORT: opts.port, HOST: opts.host });
}

/** The version in package.json, found above this file: src/cli/ under tsx, dist/src/cli/ when built. */
function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

/** Runs a command with its configuration; any failure becomes one plain line on stderr and exit code 1. */
function run<O extends Flags>(fn: (config: Config, opts: O) => Promise<void>): (opts: O) => Promise<void> {
  return async (opts) => {
    let config: Config | undefined;
    try {
      config = configFrom(opts);
      await fn(config, opts);
    } catch (err) {
      console.error(explainError(err, config));
      process.exit(1);
    }
  };
}

const program = new Command('rolecall').description('Who may do what, in which store.').version(packageVersion()).showHelpAfterError();

program
  .command('serve')
  .description('Run the API and the console')
  .addOption(dbOption())
  .option('--port <port>', 'port to listen on, 0 for any free one (default: PORT, else 3000)')
  .option('--host <host>', 'interface to bind (default: HOST, else 127.0.0.1)')
  .action(
    run(async (config) => {
      const running = await startServer(config);
      const lines = [``, `  Rolecall is running at ${running.url}`, `  API reference: ${running.url}/api/docs`];
      if (running.setupUrl) lines.push(`  First start: open this one-time link to create the first platform admin:`, `    ${running.setupUrl}`);
      else lines.push(`  Sign in at ${running.url}/ with your account.`);
      console.log(`${lines.join('\n')}\n`);
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void running.stop().then(() => process.exit(0)));
    }),
  );

program
  .command('migrate')
  .description('Create or update the database schema')
  .addOption(dbOption())
  .action(
    run(async (config) => {
      const handle = createDb(config.dbUrl);
      try {
        const done = await migrateToLatest(handle.db);
        console.log(done.length ? `Applied: ${done.join(', ')}` : 'The schema is up to date.');
      } finally {
        await handle.close();
      }
    }),
  );

program
  .command('create-platform-admin')
  .description('Create a platform staff account (password from ROLECALL_PASSWORD or standard input)')
  .requiredOption('--email <email>')
  .option('--first-name <name>', '', 'Platform')
  .option('--last-name <name>', '', 'Admin')
  .addOption(new Option('--role <role>').choices(['support_admin', 'support_agent']).default('support_admin'))
  .addOption(dbOption())
  .action(
    run(async (config, opts: Flags & { email: string; firstName: string; lastName: string; role: 'support_admin' | 'support_agent' }) => {
      const password = process.env.ROLECALL_PASSWORD ?? (await readSecret('Password (15+ characters): '));
      const c = await createContainer(config);
      try {
        const now = c.clock();
        const user = await createPlatformUser(c, now, { email: opts.email, firstName: opts.firstName, lastName: opts.lastName, password, platformRole: opts.role });
        console.log(`Created ${opts.role} ${user.email} (${user.id}).`);
      } finally {
        await c.close();
      }
    }),
  );

program
  .command('seed-demo')
  .description('Add a demo merchant with three stores and one member of each role; run again, it prints the same ids')
  .addOption(dbOption())
  .option('--reset-password', 'give every demo member a new password (ROLECALL_PASSWORD, else a random one)')
  .action(
    run(async (config, opts: Flags & { resetPassword?: boolean }) => {
      const given = process.env.ROLECALL_PASSWORD || undefined;
      const password = given ?? `demo-${randomBytes(9).toString('base64url')}`;
      const c = await createContainer(config);
      try {
        const demo = await seedDemo(c, password);
        let known: string | undefined = password;
        if (demo.created) console.log(`Demo merchant "${demo.orgName}" created.`);
        else if (opts.resetPassword) {
          await resetDemoPasswords(c, demo, password);
          console.log(`The demo merchant "${demo.orgName}" already exists. Every member has a new password; their sessions have ended.`);
        } else {
          console.log(`The demo merchant "${demo.orgName}" already exists; nothing was changed.`);
          if (!given || !(await demoPasswordIs(c, demo, given))) {
            known = undefined;
            // Only the hash is stored, so a random first-run password is gone once printed.
            console.log(
              given
                ? 'ROLECALL_PASSWORD is not the demo password. To make it so: rolecall seed-demo --reset-password'
                : 'Its password was printed by the first run and cannot be shown again. To set a new one: rolecall seed-demo --reset-password (with ROLECALL_PASSWORD=… to choose it)',
            );
          }
        }
        printDemo(demo, known);
      } finally {
        await c.close();
      }
    }),
  );

program
  .command('import')
  .description('Import people from a CSV file (email, first_name, last_name, phone, role, stores); run again to finish an interrupted import')
  .argument('<file>', 'the CSV file (UTF-8, comma or semicolon separated, with a header row)')
  .requiredOption('--org <orgId>', 'the organization to import into')
  .option('--dry-run', 'report what would happen, changing nothing')
  .addOption(new Option('--mode <mode>', 'invite: send invitations; create: active members who set a password from an emailed link').choices(['invite', 'create']).default('invite'))
  .option('--as <email>', 'the member whose authority the import uses (default: the account owner)')
  .option('--reason <text>', 'platform staff: the requester check and reason, for the audit log')
  .addOption(dbOption())
  .action((file: string, opts: Flags & ImportFlags) => run<Flags & ImportFlags>((config, o) => importCommand(config, file, o))(opts));

/** The members and stores, then the shell variables the README's API example uses. */
function printDemo(demo: DemoResult, password: string | undefined): void {
  if (password) console.log(`Everyone's password: ${password}`);
  console.log('');
  for (const u of demo.users) console.log(`  ${u.role.padEnd(14)} ${u.email.padEnd(28)} ${u.id}`);
  for (const s of demo.stores) console.log(`  ${'store'.padEnd(14)} ${`${s.name} (${s.code})`.padEnd(28)} ${s.id}`);
  const store = demo.stores[0];
  const member = demo.users.find((u) => u.role === 'store_manager');
  console.log('\nFor the API example in the README, set:');
  console.log(`  ORG=${demo.orgId}`);
  if (store) console.log(`  STORE=${store.id}    # ${store.name}`);
  if (member) console.log(`  USER_ID=${member.id}    # ${member.email}, ${member.role} in ${store?.name ?? 'the first store'}`);
  if (password) console.log(`  PASSWORD='${password.replaceAll("'", `'\\''`)}'`);
  console.log('');
}

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(explainError(err, undefined));
  process.exit(1);
});
