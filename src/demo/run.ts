/**
 * `zscaler-otel-agent demo`: the simulator, an embedded OTLP receiver and the workload under the preloaded
 * agent, on one machine; then a summary of what the receiver got. With the user's own collector (standard
 * OTEL_EXPORTER_OTLP_* variables) the telemetry goes there instead and no summary is printed.
 */
import { type OtlpReceiver, startOtlpReceiver } from '../receiver/index.js';
import { startSimulator } from '../simulator/index.js';
import { renderSummary } from './summary.js';
import { commandLine, PACKAGE_ROOT, runWorkload, type WorkloadRun } from './workload-process.js';

export interface DemoOptions {
  readonly workers: number;
  readonly rounds: number;
  readonly keepSimulator: boolean;
  readonly port: number;
}

/**
 * Seconds after which the workload is stopped; its normal size takes about 11 (the ZPA and Client Connector
 * jobs honour Retry-After waits of about 10 s while the ZIA job runs).
 */
const WORKLOAD_TIMEOUT_MS = 45_000;
/** Short, so that progress shows in the receiver while the workload runs. */
const METRIC_INTERVAL_MS = '1000';
const SPAN_DELAY_MS = '500';
const PROGRESS_EVERY_MS = 3000;
/** The agent flushes before the workload exits; this only covers a workload that was stopped. */
const LAST_EXPORT_WAIT_MS = 2000;
/** The user's choice of collector, as any OpenTelemetry distribution reads it. */
const COLLECTOR_VARIABLES = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
];
/** Kept for the workload when the embedded receiver is used; every other OTEL_* could send telemetry elsewhere. */
const KEPT_OTEL_VARIABLES = new Set(['OTEL_SERVICE_NAME', 'OTEL_RESOURCE_ATTRIBUTES', 'OTEL_LOG_LEVEL']);

const say = (line: string) => process.stdout.write(`${line}\n`);

export async function runDemo(options: DemoOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = performance.now();
  // The first Client Connector call meets a gateway 503 with Retry-After, as a maintenance window would give.
  const simulator = await startSimulator({
    port: options.port,
    switches: { fault: { service: 'zcc', status: 503, count: 1 } },
  });
  say(`Zscaler API simulator on ${simulator.url}`);
  try {
    const collector = COLLECTOR_VARIABLES.map((name) => env[name]).find(
      (value) => value !== undefined && value !== '',
    );
    if (collector !== undefined) {
      say(`Exporting to your collector at ${collector} (from the OTEL_EXPORTER_OTLP_* variables)`);
      const run = await runObserved(options, simulator.port, env, undefined);
      say(`The telemetry went to ${collector}; the summary is printed only with the embedded receiver.`);
      return finish(run, started);
    }
    const receiver = await startOtlpReceiver({ grpcPort: false });
    try {
      say(`OTLP receiver on ${receiver.httpUrl} (embedded; set OTEL_EXPORTER_OTLP_ENDPOINT to use your own)`);
      const run = await runObserved(options, simulator.port, env, receiver);
      say(await summarise(receiver));
      return finish(run, started);
    } finally {
      await receiver.close();
    }
  } finally {
    if (options.keepSimulator) keepRunning(simulator);
    else await simulator.close();
  }
}

/** Runs the workload under the agent, relaying its lines and, with the embedded receiver, what has arrived. */
async function runObserved(
  options: DemoOptions,
  port: number,
  env: NodeJS.ProcessEnv,
  receiver: OtlpReceiver | undefined,
): Promise<WorkloadRun> {
  const args = [
    '--port',
    String(port),
    '--workers',
    String(options.workers),
    '--rounds',
    String(options.rounds),
  ];
  const shownEnv: Record<string, string> = {
    OTEL_SERVICE_NAME: env.OTEL_SERVICE_NAME ?? 'zscaler-demo-workload',
    OTEL_METRIC_EXPORT_INTERVAL: env.OTEL_METRIC_EXPORT_INTERVAL ?? METRIC_INTERVAL_MS,
    OTEL_BSP_SCHEDULE_DELAY: env.OTEL_BSP_SCHEDULE_DELAY ?? SPAN_DELAY_MS,
  };
  if (receiver !== undefined) {
    shownEnv.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.httpUrl;
    shownEnv.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/protobuf';
  }
  say(`Workload, run in ${PACKAGE_ROOT}: ${commandLine(args, shownEnv)}\n`);
  const ticker =
    receiver === undefined ? undefined : setInterval(() => say(progress(receiver)), PROGRESS_EVERY_MS);
  try {
    return await runWorkload({
      args,
      env: { ...(receiver === undefined ? env : withoutOtelVariables(env)), ...shownEnv },
      timeoutMs: WORKLOAD_TIMEOUT_MS,
      onLine: (stream, line) => say(`  workload ${stream === 'stdout' ? '|' : '!'} ${line}`),
    });
  } finally {
    clearInterval(ticker);
    say('');
  }
}

function finish(run: WorkloadRun, started: number): number {
  const ended = run.timedOut
    ? `was stopped after ${WORKLOAD_TIMEOUT_MS / 1000} s`
    : `exited with ${run.code ?? run.signal}`;
  say(`The workload ${ended}; the demo took ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return run.code === 0 && !run.timedOut ? 0 : 1;
}

function progress(receiver: OtlpReceiver): string {
  const metricExports = receiver.requests().filter((request) => request.signal === 'metrics').length;
  return `  receiver | ${receiver.spans().length} spans and ${metricExports} metric exports so far`;
}

async function summarise(receiver: OtlpReceiver): Promise<string> {
  const hasRequestCounts = () => receiver.metrics().some((metric) => metric.name === 'zscaler.api.requests');
  await receiver.waitFor(hasRequestCounts, LAST_EXPORT_WAIT_MS).catch(() => undefined);
  return renderSummary({
    spans: receiver.spans(),
    metrics: receiver.metrics(),
    receivedAt: receiver.httpUrl,
  });
}

function withoutOtelVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !name.startsWith('OTEL_') || KEPT_OTEL_VARIABLES.has(name)),
  );
}

function keepRunning(simulator: { url: string; port: number; close(): Promise<void> }): void {
  process.stdout.write(
    `\nThe simulator keeps running on ${simulator.url} (run \`zscaler-otel-agent simulate --help\` for how to reach it). Ctrl+C to stop.\n`,
  );
  const stop = () => {
    simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
