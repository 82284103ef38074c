// The second half of `npm run build`: replaces tsc's dist/sdk/index.js with src/sdk/index.ts bundled together
// with the OpenTelemetry JS 3.x SDK packages it re-exports, so that the published package depends on none of
// them. Outside the bundle stay `@opentelemetry/api` (the app's copy, a peer) and every other package the SDK
// requires, which must then be one of the package's dependencies (the build fails otherwise): that keeps one copy
// of what must be one (import-in-the-middle, whose hook.mjs the ESM preload registers) and lets npm dedupe.
// Then it removes what tsc left in dist/ of deleted sources.

import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const runtime = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
const builtins = new Set(builtinModules);
// test/e2e/ensure-built.ts looks for it to tell the bundle from tsc's output.
const BUNDLE_MARK = '/* zscaler-otel-agent: bundled OpenTelemetry JS SDK (.ci/bundle-sdk.mjs) */';

const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

// Bare imports (not #subpath ones) of packages other than @opentelemetry/* (api aside) stay require() calls.
const bundleOnlyOpenTelemetry = {
  name: 'bundle-only-opentelemetry',
  setup(build) {
    build.onResolve({ filter: /^[^./#]/ }, ({ path }) => {
      const name = packageName(path);
      return name.startsWith('@opentelemetry/') && name !== '@opentelemetry/api'
        ? undefined
        : { external: true };
    });
  },
};

// Patches to the bundled SDK's code, each a set of exact texts of one file replaced by what does the same for
// less. The build fails when a text is not found (an SDK update changed it): look again, and drop the patch if
// upstream made it unneeded.
const PATCHES = [
  {
    // isAnyValue makes a WeakSet on every call to guard nested values against cycles, for every attribute of
    // every span (about 130 bytes each; 26 per Zscaler 429 span). A string, number or boolean needs none.
    file: /@opentelemetry\/core\/dist\/common\/attributes\.mjs$/,
    edits: [
      {
        text: 'function isAnyValue(val) {\n\treturn isAnyValueInternal(val, /* @__PURE__ */ new WeakSet());\n}',
        replacement:
          'function isAnyValue(val) {\n\tconst type = typeof val;\n\tif (type === "string" || type === "number" || type === "boolean") return true;\n\treturn isAnyValueInternal(val, /* @__PURE__ */ new WeakSet());\n}',
      },
    ],
  },
  {
    // Every recording of a synchronous instrument finds its series by hashing its attributes: keys sorted, then
    // the pairs serialised (the undici instrumentation's duration histogram, once per request). A map now keeps
    // the set it hashed last and answers the same hash while the next set has the same keys in the same order
    // with the same primitive values, as a stream of like requests has; any other set is hashed as before.
    file: /@opentelemetry\/sdk-metrics\/dist\/state\/HashMap\.mjs$/,
    edits: [
      {
        text: 'var AttributeHashMap = class extends HashMap {\n\tconstructor() {\n\t\tsuper(hashAttributes);\n\t}\n};',
        replacement: `var AttributeHashMap = class extends HashMap {
\tconstructor() {
\t\tsuper(hashRepeatedAttributes());
\t}
};
function hashRepeatedAttributes() {
\tlet keys;
\tlet values;
\tlet hash = "";
\tconst rehash = (attributes) => {
\t\thash = hashAttributes(attributes);
\t\tkeys = Object.keys(attributes);
\t\tvalues = keys.map((key) => attributes[key]);
\t\t// An array can change between two recordings and stay the same object: never compared.
\t\tif (values.some((value) => typeof value === "object" && value !== null)) keys = undefined;
\t\treturn hash;
\t};
\treturn (attributes) => {
\t\tif (keys === undefined) return rehash(attributes);
\t\tlet index = 0;
\t\tfor (const key in attributes) {
\t\t\tif (keys[index] !== key || values[index] !== attributes[key]) return rehash(attributes);
\t\t\tindex++;
\t\t}
\t\treturn index === keys.length ? hash : rehash(attributes);
\t};
}`,
      },
    ],
  },
  {
    // A static import here loads @grpc/grpc-js (and node:http2) when the bundle loads, about 55 ms of the
    // preload's start-up, whatever exporters are configured. The gRPC exporters are the only callers: load it
    // when one makes its client.
    file: /@opentelemetry\/otlp-grpc-exporter-base\/dist\/create-service-client-constructor\.mjs$/,
    edits: [
      { text: 'import * as grpc from "@grpc/grpc-js";\n', replacement: '' },
      {
        text: 'return grpc.makeGenericClientConstructor(',
        replacement: 'return require("@grpc/grpc-js").makeGenericClientConstructor(',
      },
    ],
  },
];
const patchSdk = {
  name: 'patch-sdk',
  setup(build) {
    for (const { file, edits } of PATCHES) {
      build.onLoad({ filter: file }, ({ path }) => {
        let source = readFileSync(path, 'utf8');
        for (const { text, replacement } of edits) {
          if (!source.includes(text)) {
            return { errors: [{ text: `bundle-sdk: the text to patch is not in ${path}: ${text}` }] };
          }
          source = source.replace(text, replacement);
        }
        return { contents: source, loader: 'js' };
      });
    }
  },
};

const outfile = `${root}dist/sdk/index.js`;
const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/sdk/index.ts'],
  outfile,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  // Class names as the SDK reports them (diag lines), not as bundling renamed them.
  keepNames: true,
  // The packages' ESM builds require their CommonJS dependencies through createRequire(import.meta.url).
  define: { 'import.meta.url': '__zscalerSdkUrl' },
  banner: {
    js: `${BUNDLE_MARK}\n"use strict";\nvar __zscalerSdkUrl = require("node:url").pathToFileURL(__filename).href;`,
  },
  plugins: [bundleOnlyOpenTelemetry, patchSdk],
  logLevel: 'warning',
});
if (result.warnings.length > 0) {
  console.error('bundle-sdk: esbuild warnings (above) fail the build');
  process.exit(1);
}
keepOnlyClassNames();

/**
 * keepNames names every function that bundling might have renamed with a defineProperty call where the function
 * is made: for a closure made on every call (context.bind's wrapper, three per traced fetch; a batch's flush)
 * that is a call and about 75 bytes each time, for a name nobody reads. Class names are what the SDK reports
 * (diag lines, otel.component.type), and a class is named once, in its static block: those keep the name, the
 * other calls become the identity.
 */
function keepOnlyClassNames() {
  const helper = 'var __name = (target, value) => __defProp(target, "name", { value, configurable: true });';
  const classStatic = /static \{\n(\s*)__name\(this, /g;
  const code = readFileSync(outfile, 'utf8');
  if (!code.includes(helper) || code.search(classStatic) === -1) {
    console.error('bundle-sdk: esbuild names functions differently now: look again at keepOnlyClassNames');
    process.exit(1);
  }
  const named = code
    .replace(
      helper,
      'var __className = (target, value) => __defProp(target, "name", { value, configurable: true });\nvar __name = (target) => target;',
    )
    .replace(classStatic, 'static {\n$1__className(this, ');
  writeFileSync(outfile, named);
}

// What the bundle still requires once unused code is gone (tree-shaking drops some of what resolved above),
// including the require() calls the packages make through createRequire, which esbuild does not see.
const required = new Set(
  [...readFileSync(outfile, 'utf8').matchAll(/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g)].map(
    ([, spec]) => spec,
  ),
);
const missing = [...required]
  .filter((spec) => !spec.startsWith('node:') && !builtins.has(spec))
  .map(packageName)
  .filter((name) => !runtime.has(name));
if (missing.length > 0) {
  console.error(
    `bundle-sdk: dist/sdk/index.js requires ${[...new Set(missing)].join(', ')}: add to dependencies`,
  );
  process.exit(1);
}
// tsc's map was for the module before bundling.
rmSync(`${root}dist/sdk/index.js.map`, { force: true });

// tsc leaves the output of deleted sources behind, and `files` would publish it.
for (const entry of readdirSync(`${root}dist`, { withFileTypes: true, recursive: true })) {
  const output = /^(.*)\.(?:(js|d\.ts|js\.map)|(mjs|d\.mts|mjs\.map))$/.exec(entry.name);
  if (!entry.isFile() || output === null) continue;
  const source = `${entry.parentPath.replace(`${root}dist`, `${root}src`)}/${output[1]}.${output[2] ? 'ts' : 'mts'}`;
  if (!existsSync(source)) rmSync(`${entry.parentPath}/${entry.name}`);
}
