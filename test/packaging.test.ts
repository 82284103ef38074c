/**
 * What `npm i zscaler-otel-agent` gets, checked on the build: the OpenTelemetry JS 3.x SDK is bundled into
 * dist/sdk/index.js, so that the package installs into apps on either line (CONTRACT.md, "Package and entry
 * points"). The built code requires only Node's modules, `@opentelemetry/api` (the app's copy, a peer) and the
 * package's own dependencies; the public declarations name only `@opentelemetry/api`; and loading the package
 * for its processor does not load the SDK bundle, which cannot even load on api 1.9.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from './e2e/ensure-built.js';

interface Manifest {
  name: string;
  files?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const dist = join(repoRoot, 'dist');
const builtins = new Set(builtinModules);

// require("x"), import("x"), `from "x"` and bare `import "x"`, with either quote.
const SPECIFIER =
  /\brequire\(\s*(["'])([^"']+)\1\s*\)|\bimport\(\s*(["'])([^"']+)\3\s*\)|\bfrom\s*(["'])([^"']+)\5|\bimport\s*(["'])([^"']+)\7/g;

function specifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((match) => match[2] ?? match[4] ?? match[6] ?? match[8] ?? '');
}

function isBare(specifier: string): boolean {
  return !/^[./#]/.test(specifier) && !specifier.startsWith('node:') && !builtins.has(specifier);
}

function packageName(specifier: string): string {
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
}

function filesUnder(dir: string, suffixes: readonly string[]): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && suffixes.some((suffix) => entry.name.endsWith(suffix)))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** package name → the dist files (relative) that require it. */
function requiredPackages(): Map<string, string[]> {
  const required = new Map<string, string[]>();
  for (const file of filesUnder(dist, ['.js', '.mjs', '.cjs'])) {
    for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
      if (!isBare(specifier)) continue;
      const name = packageName(specifier);
      required.set(name, [...(required.get(name) ?? []), relative(repoRoot, file)]);
    }
  }
  return required;
}

/** The installed manifest of `name` as Node would find it from `fromDir`. */
function installedManifest(name: string, fromDir: string): { dir: string; manifest: Manifest } | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) {
      return { dir: dirname(candidate), manifest: JSON.parse(readFileSync(candidate, 'utf8')) as Manifest };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

beforeAll(() => ensureBuilt(), 180_000);

describe('package dependencies', () => {
  it('peers @opentelemetry/api on both OpenTelemetry JS lines, not optional, and depends on no other OpenTelemetry package', () => {
    expect(pkg.peerDependencies).toEqual({ '@opentelemetry/api': '>=1.9.0 <1.11.0' });
    expect(pkg.peerDependenciesMeta?.['@opentelemetry/api']?.optional).not.toBe(true);
    expect(pkg.devDependencies?.['@opentelemetry/api']).toMatch(/^1\.10\./);
    const openTelemetry = Object.keys(pkg.dependencies ?? {}).filter((name) =>
      name.startsWith('@opentelemetry/'),
    );
    expect(openTelemetry).toEqual([]);
  });

  it('has no runtime dependency, direct or transitive, that peers @opentelemetry/api', () => {
    const seen = new Set<string>();
    const peering: string[] = [];
    const visit = (name: string, fromDir: string): void => {
      const found = installedManifest(name, fromDir);
      expect(found, `${name} is not installed`).toBeDefined();
      if (found === undefined || seen.has(found.dir)) return;
      seen.add(found.dir);
      const { manifest, dir } = found;
      if (manifest.peerDependencies?.['@opentelemetry/api'] !== undefined) peering.push(manifest.name);
      for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir);
    };
    for (const name of Object.keys(pkg.dependencies ?? {})) visit(name, repoRoot);
    expect(peering).toEqual([]);
  });
});

describe('the built code', () => {
  it('requires no @opentelemetry package but the api: the SDK is inside dist/sdk/index.js', () => {
    const bundle = readFileSync(join(dist, 'sdk/index.js'), 'utf8');
    expect(bundle.startsWith('/* zscaler-otel-agent: bundled OpenTelemetry JS SDK')).toBe(true);
    const openTelemetry = [...requiredPackages()].filter(
      ([name]) => name.startsWith('@opentelemetry/') && name !== '@opentelemetry/api',
    );
    expect(openTelemetry).toEqual([]);
  });

  it('requires only Node modules and packages of dependencies or peerDependencies', () => {
    const declared = new Set([
      pkg.name,
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
    ]);
    const undeclared = [...requiredPackages()].filter(([name]) => !declared.has(name));
    expect(undeclared).toEqual([]);
  });

  it('keeps import-in-the-middle outside the bundle, one copy for the loader hook and the instrumentations', () => {
    expect(requiredPackages().get('import-in-the-middle')).toEqual(
      expect.arrayContaining(['dist/sdk/index.js', 'dist/agent/register.mjs']),
    );
    expect(readFileSync(join(dist, 'agent/register.mjs'), 'utf8')).toContain('import-in-the-middle/hook.mjs');
  });

  it('does not load the SDK bundle when the package is loaded for its processor and sampler', () => {
    const script = `
      const api = require('zscaler-otel-agent');
      new api.ZscalerSpanProcessor();
      api.zscalerSampler({ shouldSample: () => ({ decision: 0 }), toString: () => 'app' });
      const loaded = Object.keys(require.cache).filter((path) => path.includes('/dist/sdk/index.js'));
      process.stdout.write(JSON.stringify(loaded));
    `;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([]);
  });
});

describe('the public declarations', () => {
  /** Every .d.ts the public entry points reach through relative imports, with the bare modules they name. */
  function publicDeclarations(): Map<string, string[]> {
    const reached = new Map<string, string[]>();
    const pending = ['index.d.ts', 'simulator/index.d.ts'].map((path) => join(dist, path));
    while (pending.length > 0) {
      const file = pending.pop() as string;
      if (reached.has(file)) continue;
      const bare: string[] = [];
      reached.set(file, bare);
      for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
        if (specifier.startsWith('.')) {
          pending.push(join(dirname(file), specifier.replace(/\.(m?)js$/, '.d.$1ts')));
        } else if (!specifier.startsWith('node:') && !builtins.has(specifier)) {
          bare.push(specifier);
        }
      }
    }
    return reached;
  }

  it('name no module but @opentelemetry/api (a 2.x app has no 3.x SDK types) and never the SDK bundle', () => {
    const declarations = publicDeclarations();
    const foreign = [...declarations]
      .map(([file, bare]) => ({
        file: relative(repoRoot, file),
        modules: bare.filter((name) => name !== '@opentelemetry/api'),
      }))
      .filter(({ modules }) => modules.length > 0);
    expect(foreign).toEqual([]);
    expect([...declarations.keys()].map((file) => relative(repoRoot, file))).not.toContain(
      'dist/sdk/index.d.ts',
    );
  });
});

describe('published files', () => {
  it('ship dist (the preload entries and the SDK bundle with it)', () => {
    expect(pkg.files).toContain('dist');
    for (const path of ['agent/register.js', 'agent/register.mjs', 'sdk/index.js', 'sdk/line.js']) {
      expect(existsSync(join(dist, path)), path).toBe(true);
    }
  });
});
