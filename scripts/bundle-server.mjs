// Bundles the server (src/cli/main.ts and everything it imports, dependencies included) into
// one ESM file, so a start reads and links one file instead of ~1,500 small modules (bench
// section 8: importing them was ~700 ms of a ~1.4 s cold start). `npm run build` runs it after
// tsc; `bin/rolecall.mjs` runs its output. tsc's dist/src/ stays (the load benchmarks run it).
//
// Left outside the bundle, loaded from node_modules as usual:
// - native addons and packages that load one: better-sqlite3, @node-rs/argon2;
// - pg and nodemailer, required on demand (postgres URLs, SMTP) and never needed otherwise;
// - zxcvbn-ts, required on the first password check (src/domain/password-policy.ts).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Where the bundle goes. Three folders below the repository root, like the compiled
 * src/http/plugins/console.js it stands in for: that file finds the console (web/dist) three
 * folders up from itself, and in the bundle "itself" is this file.
 */
export const BUNDLE_DIR = join(root, 'dist', 'bundle', 'server');
export const BUNDLE = join(BUNDLE_DIR, 'rolecall.mjs');

export const EXTERNAL = ['better-sqlite3', '@node-rs/argon2', 'pg', 'pg-native', 'nodemailer', '@zxcvbn-ts/core', '@zxcvbn-ts/language-common'];

/**
 * CommonJS dependencies that read `__dirname`/`__filename` (to find a package.json, a static
 * folder): in the bundle these would be undefined, so each such file gets its own original
 * folder back, relative to the bundle so the checkout may move.
 */
const dirnamePlugin = {
  name: 'dirname',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async (args) => {
      const contents = await readFile(args.path, 'utf8');
      if (!contents.includes('__dirname') && !contents.includes('__filename')) return { contents, loader: 'js' };
      const rel = (p) => JSON.stringify(relative(BUNDLE_DIR, p).split(sep).join('/'));
      const prelude = `var __dirname = __bundleRelative(${rel(dirname(args.path))}), __filename = __bundleRelative(${rel(args.path)});`;
      return { contents: `${prelude}\n${contents}`, loader: 'js' };
    });
  },
};

/**
 * The sources `import` better-sqlite3 and @node-rs/argon2, both CommonJS. Left as `import`
 * statements, Node would run its CommonJS export scanner (cjs-module-lexer) over them at every
 * start: ~25 ms, and enough of a hot loop that V8 optimizes the scanner on a compiler thread,
 * ~4 MB of RSS kept by that thread's allocator. `require` (the banner's) loads them directly.
 */
const requireExternals = {
  name: 'require-externals',
  setup(b) {
    const direct = /^(better-sqlite3|@node-rs\/argon2)$/;
    b.onResolve({ filter: direct }, (args) => (args.namespace === 'required' ? { path: args.path, external: true } : { path: args.path, namespace: 'required' }));
    b.onLoad({ filter: /.*/, namespace: 'required' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

// ESM output has no require, __dirname or __filename; bundled CommonJS code expects them.
const banner = [
  `import { createRequire as __createRequire } from 'node:module';`,
  `import { fileURLToPath as __fileURLToPath } from 'node:url';`,
  `import { join as __join, dirname as __dirnameOf } from 'node:path';`,
  `const require = __createRequire(import.meta.url);`,
  `const __bundleDir = __dirnameOf(__fileURLToPath(import.meta.url));`,
  `const __bundleRelative = (p) => __join(__bundleDir, p);`,
].join('\n');

export async function bundleServer() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { rolecall: join(root, 'src', 'cli', 'main.ts') },
    outdir: BUNDLE_DIR,
    outExtension: { '.js': '.mjs' },
    // What the sources import with `import()` (loaded on first use) goes to a file of its own.
    splitting: true,
    // Beside the entry, not below it: the __dirname fix-up above is relative to this folder.
    chunkNames: '[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: banner },
    plugins: [dirnamePlugin, requireExternals],
    sourcemap: 'linked',
    legalComments: 'none',
    // No comments nor indentation: V8 keeps the whole source in memory, and a single non-Latin-1
    // character in a comment would make it a two-byte string (10 MB instead of 2.7 MB). Names
    // are kept, so stack traces stay readable (line:column through the linked source map).
    minifyWhitespace: true,
    minifySyntax: true,
    charset: 'ascii',
    logLevel: 'warning',
    metafile: true,
  });
  // Chunks of earlier builds (their names carry a hash) go; this build's files stay.
  const written = new Set(Object.keys(result.metafile.outputs).map((f) => join(root, f)));
  for (const f of existsSync(BUNDLE_DIR) ? readdirSync(BUNDLE_DIR) : []) if (!written.has(join(BUNDLE_DIR, f))) rmSync(join(BUNDLE_DIR, f), { force: true });
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundleServer();
}
