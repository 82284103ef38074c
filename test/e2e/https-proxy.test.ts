/**
 * The preloaded agent on the way services really reach Zscaler: HTTPS trusting a private CA
 * (NODE_EXTRA_CA_CERTS), and out of a customer's network through a CONNECT proxy with Node's own proxy support
 * (NODE_USE_ENV_PROXY=1 or --use-env-proxy; on Node 22 that makes built-in fetch run on Node's bundled undici 6
 * EnvHttpProxyAgent). Built-in fetch, node:https and axios each get the exact `zscaler.*` attributes (error id
 * and reason from the body included), the status description and metric points counted once, and the agent
 * prints nothing: nothing is missing.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  latestPoints,
  type OtlpReceiver,
  OtlpSpanKind,
  OtlpStatusCode,
  type ReceivedSpan,
  startOtlpReceiver,
} from '../../src/receiver/index.js';
import {
  bodyBytes,
  type FixtureServer,
  sha256,
  startFixtureServer,
} from '../support/zscaler-fixture-server.js';
import { type Case, cases } from '../telemetry/cases.js';
import { ensureBuilt } from './ensure-built.js';
import { agentLines, appStderr, createAppHome, runApp } from './preload-harness.js';
import {
  type ConnectProxy,
  createTestCertificates,
  type Listening,
  startConnectProxy,
  startTlsFront,
  type TestCertificates,
} from './tls-proxy.js';

// A gateway 429 with every header signal, a legacy ZIA 409 (plain and gzip through the gateway), a legacy ZPA
// 409: the three host names a proxy sees, and a compressed error body.
const CASES = cases.filter((c) =>
  ['zpa-429', 'zia-edit-lock', 'zia-edit-lock-gzip', 'zpa-concurrent'].includes(c.name),
);
const HOSTS = [...new Set(CASES.map((c) => c.host))];
/** `decodes`: the app receives the body with Content-Encoding undone. */
const CLIENTS = [
  { name: 'fetch', decodes: true },
  { name: 'https', decodes: false },
  { name: 'axios', decodes: true },
] as const;
type ClientName = (typeof CLIENTS)[number]['name'];
const EHPA_WARNING =
  /\(node:\d+\) \[UNDICI-EHPA\] Warning: EnvHttpProxyAgent is experimental.*\n\(Use `node --trace-warnings .*\n/;

let home: Awaited<ReturnType<typeof createAppHome>>;
let certificates: TestCertificates;
let fixture: FixtureServer;
/** One TLS front per client: the port in a CONNECT tells which client opened the tunnel. */
let fronts: Map<ClientName, Listening>;
let proxy: ConnectProxy;
let receiver: OtlpReceiver;

beforeAll(async () => {
  ensureBuilt();
  home = await createAppHome();
  certificates = await createTestCertificates(HOSTS);
  fixture = await startFixtureServer(Object.fromEntries(CASES.map((c) => [c.name, c.response])));
  fronts = new Map(
    await Promise.all(
      CLIENTS.map(async ({ name }) => [name, await startTlsFront(certificates, fixture.port)] as const),
    ),
  );
  proxy = await startConnectProxy(
    HOSTS,
    [...fronts.values()].map((front) => front.port),
  );
  receiver = await startOtlpReceiver({ grpcPort: false });
});

afterAll(async () => {
  await Promise.all([
    home?.remove(),
    certificates?.remove(),
    fixture?.close(),
    ...[...(fronts?.values() ?? [])].map((front) => front.close()),
    proxy?.close(),
    receiver?.close(),
  ]);
});

interface AppRequest {
  readonly client: ClientName;
  readonly case: Case;
  readonly url: string;
}

function appRequests(): AppRequest[] {
  return CLIENTS.flatMap(({ name: client }) =>
    CASES.map((c) => ({
      client,
      case: c,
      // The client in the path: the same path again would be a repeat (`zscaler.retry.*`) of another client's.
      url: `https://${c.host}:${fronts.get(client)?.port}${c.path}/${client}?fixture=${c.name}`,
    })),
  );
}

function zscalerAttributes(span: ReceivedSpan): Record<string, unknown> {
  return Object.fromEntries(Object.entries(span.attributes).filter(([key]) => key.startsWith('zscaler.')));
}

/** The newest point of every `zscaler.api.*` series, in a stable order, durations as count and sign. */
function receivedPoints() {
  return latestPoints(receiver.metrics())
    .filter((point) => point.metric.startsWith('zscaler.api.'))
    .map((point) => ({
      name: point.metric,
      attributes: point.attributes,
      value:
        point.value ??
        (point.metric === 'zscaler.api.request.duration'
          ? { count: point.count, positive: (point.sum ?? 0) > 0 }
          : { count: point.count, sum: point.sum }),
    }))
    .sort(bySeries);
}

function bySeries(a: { name: string; attributes: object }, b: { name: string; attributes: object }) {
  const key = (point: typeof a) => JSON.stringify([point.name, point.attributes]);
  return key(a).localeCompare(key(b));
}

/** Each case answered once to each client: every series of that case counts exactly one per client. */
function expectedPoints() {
  const n = CLIENTS.length;
  return CASES.flatMap((c) => {
    const service = c.attributes['zscaler.service'];
    const m = c.metrics;
    const call = {
      'zscaler.service': service,
      'http.request.method': c.method,
      'http.response.status_code': c.response.status,
      'zscaler.error.category': m.category,
    };
    return [
      {
        name: 'zscaler.api.requests',
        attributes: { ...call, 'zscaler.api': c.attributes['zscaler.api'], 'zscaler.retryable': m.retryable },
        value: n,
      },
      { name: 'zscaler.api.request.duration', attributes: call, value: { count: n, positive: true } },
      ...(c.response.status === 429
        ? [
            {
              name: 'zscaler.api.rate_limited',
              attributes: { 'zscaler.service': service, 'http.request.method': c.method },
              value: n,
            },
          ]
        : []),
      ...(m.conflictId === undefined
        ? []
        : [
            {
              name: 'zscaler.api.conflicts',
              attributes: {
                'zscaler.service': service,
                'http.request.method': c.method,
                'zscaler.error.id': m.conflictId,
              },
              value: n,
            },
          ]),
      ...(m.retryAfter === undefined
        ? []
        : [
            {
              name: 'zscaler.api.retry_after',
              attributes: { 'zscaler.service': service },
              value: { count: n, sum: n * m.retryAfter },
            },
          ]),
      ...(m.remaining === undefined
        ? []
        : [
            {
              name: 'zscaler.api.ratelimit.remaining',
              attributes: { 'zscaler.service': service },
              value: m.remaining,
            },
          ]),
    ];
  }).sort(bySeries);
}

describe.each([
  ['HTTPS direct', 'direct'],
  ['NODE_USE_ENV_PROXY=1 and HTTPS_PROXY', 'env'],
  ['--use-env-proxy and HTTPS_PROXY', 'flag'],
] as const)('%s', (_title, mode) => {
  it('fetch, node:https and axios: exact attributes, descriptions and metrics, nothing said', async () => {
    receiver.clear();
    proxy.connects.length = 0;
    const requests = appRequests();
    const proxyUrl = `http://127.0.0.1:${proxy.port}`;
    const run = await runApp(home.dir, {
      app: 'https-client.cjs',
      preload: 'require',
      env: {
        ...(mode === 'direct' && { LOOPBACK_DNS: '1' }),
        ...(mode === 'env' && { NODE_USE_ENV_PROXY: '1', HTTPS_PROXY: proxyUrl }),
        // The harness's command line carries only the preload: the flag goes through NODE_OPTIONS.
        ...(mode === 'flag' && { NODE_OPTIONS: '--use-env-proxy', HTTPS_PROXY: proxyUrl }),
        NODE_EXTRA_CA_CERTS: certificates.caFile,
        ZSCALER_REQUESTS: JSON.stringify(
          requests.map((r) => ({ client: r.client, name: r.case.name, method: r.case.method, url: r.url })),
        ),
        ZSCALER_OTEL_SHUTDOWN_TIMEOUT_MS: '10000',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.httpUrl,
        OTEL_SERVICE_NAME: 'https-proxy-e2e',
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(agentLines(run)).toEqual([]);
    // Node 22 announces its proxy dispatcher; nothing else may reach stderr.
    expect(appStderr(run).replace(EHPA_WARNING, '').trim()).toBe('');

    // The app got exactly the bytes served (decoded where its client decodes).
    expect(run.stdout.trim().split('\n')).toEqual(
      requests.map(({ client, case: c }) => {
        const wire = bodyBytes(c.response);
        const decodes = CLIENTS.find((candidate) => candidate.name === client)?.decodes;
        const body = decodes && c.response.headers?.['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
        return `${client} ${c.name} ${c.response.status} ${sha256(body)}`;
      }),
    );

    // Through the proxy, every client tunnelled to every host it called (the app resolves no Zscaler name
    // there, so the bytes checked above came through these tunnels), and none forwarded a plain request.
    const expectedTunnels =
      mode === 'direct'
        ? []
        : CLIENTS.flatMap(({ name }) => HOSTS.map((host) => `${host}:${fronts.get(name)?.port}`)).sort();
    expect([...new Set(proxy.connects)].sort()).toEqual(expectedTunnels);
    // Kept-alive tunnels are reused: at most one CONNECT per request.
    expect(proxy.connects.length).toBeLessThanOrEqual(mode === 'direct' ? 0 : requests.length);
    expect(proxy.forwarded).toEqual([]);

    // One client span per request (a CONNECT of its own would be one more), each exactly enriched.
    const spans = receiver.spans().filter((span) => span.kind === OtlpSpanKind.CLIENT);
    const described = (span: ReceivedSpan) => {
      const url = new URL(String(span.attributes['url.full']));
      return {
        request: `${url.pathname.split('/').at(-1)} ${url.searchParams.get('fixture')}`,
        zscaler: zscalerAttributes(span),
        status: span.status,
      };
    };
    const byRequest = (a: { request: string }, b: { request: string }) => a.request.localeCompare(b.request);
    expect(spans.map(described).sort(byRequest)).toEqual(
      requests
        .map(({ client, case: c }) => ({
          request: `${client} ${c.name}`,
          zscaler: c.attributes,
          status: { code: OtlpStatusCode.ERROR, message: c.description },
        }))
        .sort(byRequest),
    );

    expect(receivedPoints()).toEqual(expectedPoints());
  });
});
