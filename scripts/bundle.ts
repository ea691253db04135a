/**
 * Bundles each deployable (agent, console, broker) into ONE ES module with esbuild, for hosts that
 * get a directory to copy rather than the monorepo (a Raspberry Pi gateway has neither the sources
 * nor a compiler). Entry points are the CLIs' TypeScript sources, so no `tsc` step is needed.
 *
 * Run: `npm run bundle` (all) or `npx tsx scripts/bundle.ts agent` (some).
 * Output: `dist-bundle/<name>/pbxwatch-<name>.js` (+ `.map`), a `package.json` naming the native
 * runtime dependencies (installed on the target with `npm install --omit=dev`), and the deploy files
 * the install needs (unit, install script, example configs).
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { uplotAssets } from '../console/src/web/uplot-assets.js';

/** Repository root (this file lives in `scripts/`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One deployable to bundle. */
export interface BundleTarget {
  /** Short name: output goes to `dist-bundle/<name>/pbxwatch-<name>.js`. */
  name: 'agent' | 'console' | 'broker';
  /** Workspace directory holding `package.json` (for versions of the external deps). */
  workspace: string;
  /** CLI entry point, relative to the repository root. */
  entry: string;
  /**
   * Packages left out of the bundle and installed on the target. better-sqlite3 loads a compiled
   * `.node` addon through `bindings`, which esbuild cannot bundle.
   */
  runtimeDeps: string[];
  /** Files copied next to the bundle (relative to the repository root), if they exist. */
  extraFiles: string[];
  /**
   * Hook for assets the bundle reads at run time (e.g. the console's web client, once it has one):
   * directories copied to `dist-bundle/<name>/<to>`. Missing sources are skipped.
   */
  assets: { from: string; to: string }[];
}

/** The three deployables. */
export const TARGETS: readonly BundleTarget[] = [
  {
    name: 'agent',
    workspace: 'agent',
    entry: 'agent/src/cli/agent-cli.ts',
    runtimeDeps: ['better-sqlite3'],
    extraFiles: [
      'deploy/install-agent.sh',
      'deploy/systemd/pbxwatch-agent.service',
      'deploy/examples/agent-ipoffice.yaml',
      'deploy/examples/agent-ipecs.yaml',
      'docs/deploy.md',
    ],
    assets: [],
  },
  {
    name: 'console',
    workspace: 'console',
    entry: 'console/src/cli/console-cli.ts',
    runtimeDeps: ['better-sqlite3'],
    extraFiles: ['deploy/systemd/pbxwatch-console.service', 'deploy/examples/console.yaml', 'docs/deploy.md'],
    // The console's browser client (static files, if it gets a build step) is copied here.
    assets: [{ from: 'console/public', to: 'public' }],
  },
  {
    name: 'broker',
    workspace: 'broker',
    entry: 'broker/src/cli/broker-cli.ts',
    runtimeDeps: [],
    extraFiles: ['deploy/systemd/pbxwatch-broker.service', 'deploy/examples/broker.yaml', 'docs/deploy.md'],
    assets: [],
  },
];

/**
 * ESM output has no `require`, `__filename` or `__dirname`, yet bundled CommonJS packages (pino,
 * net-snmp, aedes...) call `require('node:os')` and the like. The banner recreates them under
 * private names; `define` points the CommonJS free variables at them, so a bundled ES module that
 * declares its own `__dirname` is left alone.
 */
const BANNER = [
  "import { createRequire as __pbxCreateRequire } from 'node:module';",
  "import { fileURLToPath as __pbxFileURLToPath } from 'node:url';",
  "import { dirname as __pbxDirnameOf } from 'node:path';",
  'const require = __pbxCreateRequire(import.meta.url);',
  'const __pbxFilename = __pbxFileURLToPath(import.meta.url);',
  'const __pbxDirname = __pbxDirnameOf(__pbxFilename);',
].join('\n');

/**
 * Optional peers that some dependencies `require` inside try/catch (ws: native speed-ups). They are
 * not installed, so they stay external and the dependency falls back as it would unbundled.
 */
const OPTIONAL_PEERS = ['bufferutil', 'utf-8-validate', 'pino-pretty'];

/**
 * `@pbxwatch/core` is pure domain code (no I/O, no top-level effects: architecture.md), but its
 * package.json does not say `"sideEffects": false`, so esbuild keeps every core module the index
 * re-exports, and with them date-holidays, moment-timezone and luxon (~2.5 MB) in bundles that
 * never compute an SLA (agent, broker). This plugin declares core's sources free of side effects,
 * so unused core modules (and the CommonJS packages only they require) are tree-shaken.
 */
function coreIsPure(root: string): Plugin {
  const coreSrc = join(root, 'core/src/');
  return {
    name: 'pbxwatch-core-is-pure',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'pbxwatch-core-is-pure') return undefined;
        const fromCore = args.importer.startsWith(coreSrc) && args.path.startsWith('.');
        if (!fromCore && !args.path.startsWith('@pbxwatch/core')) return undefined;
        const r = await b.resolve(args.path, {
          importer: args.importer,
          resolveDir: args.resolveDir,
          kind: args.kind,
          pluginData: 'pbxwatch-core-is-pure',
        });
        if (r.errors.length > 0 || !r.path.startsWith(coreSrc)) return undefined;
        return { path: r.path, sideEffects: false };
      });
    },
  };
}

/**
 * The console reads uPlot's browser files from its `uplot` dependency at run time
 * (console/src/web/uplot-assets.ts), but a bundle has no node_modules beside it. This plugin
 * replaces that module with one returning the text, read now through the module itself, so the
 * bundle serves the very files the unbundled console does.
 */
function embedUplot(root: string): Plugin {
  const file = join(root, 'console/src/web/uplot-assets.ts');
  return {
    name: 'pbxwatch-embed-uplot',
    setup(b) {
      b.onLoad({ filter: /uplot-assets\.ts$/ }, (args) =>
        args.path === file
          ? { contents: `export const uplotAssets = () => (${JSON.stringify(uplotAssets())});`, loader: 'js' }
          : undefined,
      );
    },
  };
}

/** What {@link bundleTarget} produced. */
export interface BundleResult {
  name: string;
  outFile: string;
  bytes: number;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/**
 * The `package.json` written next to a bundle: only the external runtime dependencies, at the
 * version ranges the workspace declares, so `npm install --omit=dev` on the target fetches just
 * those (for better-sqlite3: the prebuilt addon for that CPU, e.g. linux-arm64 on a Pi).
 *
 * @example
 * const pkg = bundlePackageJson(TARGETS[0], '/work/main');
 * // { name: 'pbxwatch-agent', type: 'module', dependencies: { 'better-sqlite3': '^12.6.0' }, ... }
 */
export function bundlePackageJson(target: BundleTarget, root = REPO_ROOT): Record<string, unknown> {
  const pkg = readJson(join(root, target.workspace, 'package.json'));
  const declared = (pkg.dependencies ?? {}) as Record<string, string>;
  const dependencies: Record<string, string> = {};
  for (const dep of target.runtimeDeps) {
    const range = declared[dep];
    if (!range)
      throw new Error(`${target.workspace}/package.json does not declare runtime dependency ${dep}`);
    dependencies[dep] = range;
  }
  return {
    name: `pbxwatch-${target.name}`,
    version: pkg.version,
    private: true,
    description: `pbxwatch ${target.name}, bundled (run: node pbxwatch-${target.name}.js)`,
    // The bundle is an ES module named .js: Node needs this to load it as one.
    type: 'module',
    engines: { node: '>=20' },
    bin: { [`pbxwatch-${target.name}`]: `./pbxwatch-${target.name}.js` },
    dependencies,
    // npm 11 reports (and a later npm blocks) install scripts not listed here; better-sqlite3's
    // fetches or compiles its addon for the gateway's CPU.
    allowScripts: Object.fromEntries(target.runtimeDeps.map((d) => [d, true])),
  };
}

/**
 * Bundles one target into `outRoot/<name>/`.
 *
 * @example
 * const r = await bundleTarget(TARGETS[0]);
 * console.log(r.outFile); // .../dist-bundle/agent/pbxwatch-agent.js
 */
export async function bundleTarget(
  target: BundleTarget,
  outRoot = join(REPO_ROOT, 'dist-bundle'),
  root = REPO_ROOT,
): Promise<BundleResult> {
  const entry = join(root, target.entry);
  if (!existsSync(entry))
    throw new Error(`bundle ${target.name}: entry point ${target.entry} does not exist`);
  const outDir = join(outRoot, target.name);
  // Start clean so a file removed from the project does not linger in the next install.
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, `pbxwatch-${target.name}.js`);
  await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    // V8 keeps a module's whole source text in the heap for as long as the process lives, and
    // doubles it (UTF-16) if one comment holds a non-ASCII character: unminified, the agent's
    // source cost 4.7 MB of a 64 MB budget. Whitespace and syntax are minified (comments go);
    // identifiers are kept so stack traces from the field stay readable without the map.
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: false,
    charset: 'ascii',
    legalComments: 'linked',
    banner: { js: BANNER },
    define: { __dirname: '__pbxDirname', __filename: '__pbxFilename' },
    external: [...target.runtimeDeps, ...OPTIONAL_PEERS],
    // Workspace packages point at their built dist/; bundle their TypeScript sources instead.
    alias: {
      '@pbxwatch/core/protocol': join(root, 'core/src/protocol.ts'),
      '@pbxwatch/core': join(root, 'core/src/index.ts'),
      '@pbxwatch/broker': join(root, 'broker/src/index.ts'),
      '@pbxwatch/agent': join(root, 'agent/src/index.ts'),
      '@pbxwatch/console': join(root, 'console/src/index.ts'),
    },
    plugins: [coreIsPure(root), embedUplot(root)],
    logLevel: 'warning',
  });
  writeFileSync(
    join(outDir, 'package.json'),
    `${JSON.stringify(bundlePackageJson(target, root), null, 2)}\n`,
  );
  for (const file of target.extraFiles) {
    const from = join(root, file);
    if (existsSync(from)) copyFileSync(from, join(outDir, file.split('/').pop()!));
  }
  for (const asset of target.assets) {
    const from = join(root, asset.from);
    if (existsSync(from)) cpSync(from, join(outDir, asset.to), { recursive: true });
  }
  return { name: target.name, outFile, bytes: readFileSync(outFile).byteLength };
}

/**
 * Bundles the named targets (all when `names` is empty).
 *
 * @example
 * await bundleAll(['agent']);
 */
export async function bundleAll(names: string[] = [], outRoot?: string): Promise<BundleResult[]> {
  const unknown = names.filter((n) => !TARGETS.some((t) => t.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown bundle target(s): ${unknown.join(', ')} (known: agent, console, broker)`);
  }
  const chosen = names.length === 0 ? TARGETS : TARGETS.filter((t) => names.includes(t.name));
  const results: BundleResult[] = [];
  for (const target of chosen) results.push(await bundleTarget(target, outRoot));
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  bundleAll(process.argv.slice(2)).then(
    (results) => {
      for (const r of results) {
        process.stdout.write(`${r.name}: ${r.outFile} (${(r.bytes / 1024).toFixed(0)} KiB)\n`);
      }
    },
    (err: unknown) => {
      process.stderr.write(`bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
