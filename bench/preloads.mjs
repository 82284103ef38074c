/**
 * The configurations a user would preload instead of writing SDK code: this agent's own preload, the
 * OpenTelemetry auto-instrumentations register and Elastic's EDOT Node, each started by node flags before the
 * app's first line. The two distributions are installed on first use into .cache/bench/<name>/ (git-ignored)
 * with a plain `npm i` of a pinned version, and reused after; the project's own dependencies never see them.
 *
 * All three get the same variables (otelVariables): traces and metrics over OTLP http/protobuf to the
 * bench's sink (bench/sink.mjs, which answers 200 at once), metrics every second, no logs pipeline, and
 * otherwise each distribution's defaults — its instrumentations, resource detectors and extra metrics are
 * what a user of it gets.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = join(root, '.cache', 'bench');

/**
 * `flags`: what goes before the script on the node command line. `cwd`: the folder the preload's bare
 * specifier resolves from (node resolves --require and --import from the working directory).
 */
export const PRELOADS = {
  'agent-preload': {
    label: 'agent preload (--require dist/agent/register.js)',
    flags: ['--require', join(root, 'dist', 'agent', 'register.js')],
    cwd: root,
  },
  auto: {
    label: 'auto-instrumentations-node register',
    package: '@opentelemetry/auto-instrumentations-node',
    version: '0.82.0',
    flags: ['--require', '@opentelemetry/auto-instrumentations-node/register'],
    cwd: join(scratch, 'auto'),
  },
  edot: {
    label: 'EDOT Node (--import)',
    package: '@elastic/opentelemetry-node',
    version: '1.18.0',
    // EDOT's documented preload: --import registers its ESM hook as well as starting the SDK.
    flags: ['--import', '@elastic/opentelemetry-node'],
    cwd: join(scratch, 'edot'),
  },
};

/** The installed version of a distribution, or undefined. */
function installedVersion({ cwd, package: name }) {
  const manifest = join(cwd, 'node_modules', name, 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

/** Installs the pinned distributions that are missing; returns { name: installed version }. */
export async function ensurePreloads() {
  const versions = {};
  for (const [name, preload] of Object.entries(PRELOADS)) {
    if (preload.package === undefined) continue;
    if (installedVersion(preload) !== preload.version) {
      console.log(`installing ${preload.package}@${preload.version} into ${preload.cwd}`);
      mkdirSync(preload.cwd, { recursive: true });
      // Its own package.json, or npm would walk up and install into the project.
      writeFileSync(join(preload.cwd, 'package.json'), '{ "private": true }\n');
      await promisify(execFile)(
        'npm',
        ['i', '--no-audit', '--no-fund', `${preload.package}@${preload.version}`],
        { cwd: preload.cwd },
      );
    }
    versions[name] = installedVersion(preload);
  }
  return versions;
}

/** The same OTEL_* variables for every preload; `endpoint` names the configuration in the sink's counts. */
export function otelVariables(endpoint) {
  return {
    OTEL_SERVICE_NAME: 'bench',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_METRIC_EXPORT_INTERVAL: '1000',
    // As the in-process configurations' batch processor (bench/setup.mjs).
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
}
