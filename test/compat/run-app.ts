/**
 * Runs a set-up's app once, covering every client: the Zscaler fixture server, an OTLP receiver for what the
 * app exports and a sink standing in for the vendor's cloud, all on loopback; the app is a child process of
 * the Node that runs the suite (so `.ci/run` covers Node 24 and 22), started as its users start it:
 * `node --require ./telemetry.cjs driver.cjs` (or `--import`, as the set-up says).
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ReceivedMetric, type ReceivedSpan, startOtlpReceiver } from '../../src/receiver/index.js';
import { startFixtureServer } from '../support/zscaler-fixture-server.js';
import { CASES, CLIENTS, type ClientName, type Phase } from './expectations.js';
import { type AppFolder, type CommandResult, run } from './install.js';
import type { Setup } from './setups.js';

const APP_TIMEOUT_MS = 60_000;
/** How long the app waits after a client's last response before flushing the metrics. */
const SETTLE_MS = 100;

export interface Response {
  readonly client: ClientName;
  readonly case: string;
  readonly status?: number;
  readonly sha256?: string;
  readonly error?: string;
}

export interface AppRun {
  readonly process: CommandResult;
  readonly responses: readonly Response[];
  readonly phases: readonly Phase[];
  /** What the app saw in undici's global dispatcher slots: at start, before each client, at the end. */
  readonly probes: readonly Record<string, unknown>[];
  /** Crashes and flush errors the app caught. */
  readonly problems: readonly string[];
  /** The set-up's own shutdown failing (Azure Monitor's exporter, offline): the distribution's business. */
  readonly shutdownErrors: readonly string[];
  readonly finished: boolean;
  readonly spans: readonly ReceivedSpan[];
  readonly metrics: readonly ReceivedMetric[];
  /** Requests the vendor sink received, by method and path. */
  readonly sink: readonly string[];
}

export async function runApp(app: AppFolder, setup: Setup): Promise<AppRun> {
  const fixtures = await startFixtureServer(Object.fromEntries(CASES.map((c) => [c.name, c.response])));
  const receiver = await startOtlpReceiver({ grpcPort: false });
  const sink = await startSink();
  const plan = join(app.dir, 'plan.json');
  const results = join(app.dir, 'results.jsonl');
  try {
    await rm(results, { force: true });
    await writeFile(
      plan,
      JSON.stringify({
        port: fixtures.port,
        settleMs: SETTLE_MS,
        clients: CLIENTS,
        cases: CASES.map(({ name, host, path, method }) => ({ name, host, path, method })),
      }),
    );
    const preload = setup.preload ?? '--require';
    const result = await run(process.execPath, [preload, './telemetry.cjs', 'driver.cjs'], {
      cwd: app.dir,
      timeoutMs: APP_TIMEOUT_MS,
      // A clean environment: nothing of the test runner's (NODE_OPTIONS, OTEL_*) leaks into the app.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? app.dir,
        OTEL_SERVICE_NAME: `zscaler-compat-${app.id}`,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.httpUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        // Without the cloud detectors: GCP's, AWS's and Azure VM's call metadata endpoints off loopback.
        OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process,serviceinstance',
        COMPAT_PLAN: plan,
        COMPAT_RESULTS: results,
        COMPAT_SINK_URL: sink.url,
        COMPAT_SENTRY_DSN: `http://public@${new URL(sink.url).host}/1`,
        ...setup.env,
      },
    });
    const entries = (await readFile(results, 'utf8').catch(() => ''))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown> & { kind: string });
    const of = (kind: string) => entries.filter((entry) => entry.kind === kind);
    return {
      process: result,
      responses: of('response') as unknown as Response[],
      phases: of('phase') as unknown as Phase[],
      probes: of('probe'),
      problems: [...of('crash'), ...of('flush-error')].map((entry) => String(entry.error)),
      shutdownErrors: of('shutdown-error').map((entry) => String(entry.error)),
      finished: of('done').length === 1,
      // The final flush at shutdown has been answered before the app ended: no waiting needed.
      spans: receiver.spans(),
      metrics: receiver.metrics(),
      sink: sink.received,
    };
  } finally {
    await Promise.all([fixtures.close(), receiver.close(), sink.close()]);
  }
}

interface Sink {
  readonly url: string;
  readonly received: string[];
  close(): Promise<void>;
}

/** Accepts whatever a vendor exporter sends (Sentry envelopes, Application Insights tracks) and says so. */
async function startSink(): Promise<Sink> {
  const received: string[] = [];
  const server: Server = createServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    request.resume();
    request.on('end', () =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"itemsReceived":0,"itemsAccepted":0,"errors":[]}'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
