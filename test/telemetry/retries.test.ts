/**
 * CONTRACT.md "Retries" through every client, on a clock the test sets: what the processor makes of a request
 * that repeats an earlier error on its route (host, method, path), on the span and in the metrics.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/zscaler-fixture-server.js';
import { clients } from './clients.js';
import { finishedSpans, setUpTelemetry } from './harness.js';

let now = 0;
const harness = setUpTelemetry({ clock: () => now });
const JSON_TYPE = { 'content-type': 'application/json' };
const LIMITED = '{"code":"RATE_LIMIT_EXCEEDED","message":"Rate Limit (1/SECOND) exceeded"}';
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    ok: { status: 200, headers: JSON_TYPE, body: '[]' },
    limited: { status: 429, headers: { ...JSON_TYPE, 'retry-after': '13s' }, body: LIMITED },
    'limited-late': {
      status: 429,
      headers: { ...JSON_TYPE, 'retry-after': '13s' },
      body: LIMITED,
      delayMs: 150,
    },
    failed: { status: 500, headers: JSON_TYPE, body: '{"message":"Internal Server Error"}' },
  });
});
afterAll(() => server.close());
beforeEach(() => {
  harness.exporter.reset();
  harness.resetMetrics();
});

/** The `zscaler.retry.*` attributes of each client span, in the order the requests started. */
function retryAttributes(spans: readonly ReadableSpan[]): Record<string, unknown>[] {
  return spans
    .filter((span) => span.kind === SpanKind.CLIENT)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])
    .map((span) =>
      Object.fromEntries(
        Object.entries(span.attributes).filter(([name]) => name.startsWith('zscaler.retry.')),
      ),
    );
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function retryPoints() {
  return (await harness.points())
    .filter((point) => point.name.startsWith('zscaler.api.retr') && point.name !== 'zscaler.api.retry_after')
    .map(({ name, attributes, value }) => ({ name, attributes, value }));
}

describe.each(clients)('$name', (client) => {
  const slug = client.name.replace(/\W+/g, '-');
  let route = 0;
  /** A fresh route for each test, so that no test repeats another's errors. */
  const newPath = () => `/zia/api/v1/urlCategories/${slug}-${++route}`;
  const send = (path: string, fixture: string, method = 'GET', query = '') =>
    client.send(server.url('api.zsapi.net', path, fixture) + query, method);

  test('an immediate repeat after a 429 is early; a patient one is on time; a success ends the chain', async () => {
    const path = newPath();
    now = 1_000_000;
    await send(path, 'limited');
    now += 1_000;
    await send(path, 'limited');
    now += 14_000;
    await send(path, 'ok');
    now += 1_000;
    await send(path, 'ok');
    expect(retryAttributes(await finishedSpans(harness.exporter, 8))).toEqual([
      {},
      {
        'zscaler.retry.attempt': 1,
        'zscaler.retry.waited': 1,
        'zscaler.retry.asked': 13,
        'zscaler.retry.early': true,
      },
      {
        'zscaler.retry.attempt': 2,
        'zscaler.retry.waited': 14,
        'zscaler.retry.asked': 13,
        'zscaler.retry.early': false,
      },
      {},
    ]);
    expect(await retryPoints()).toEqual([
      {
        name: 'zscaler.api.retries',
        attributes: { 'zscaler.service': 'zia', 'zscaler.retry.early': true, 'http.request.method': 'GET' },
        value: 1,
      },
      {
        name: 'zscaler.api.retries',
        attributes: { 'zscaler.service': 'zia', 'zscaler.retry.early': false, 'http.request.method': 'GET' },
        value: 1,
      },
      {
        name: 'zscaler.api.retry.waited',
        attributes: { 'zscaler.service': 'zia', 'zscaler.retry.early': true },
        value: { count: 1, sum: 1 },
      },
      {
        name: 'zscaler.api.retry.waited',
        attributes: { 'zscaler.service': 'zia', 'zscaler.retry.early': false },
        value: { count: 1, sum: 14 },
      },
    ]);
  });

  test('a repeat after a 500 without Retry-After has no asked and no early', async () => {
    const path = newPath();
    now = 2_000_000;
    await send(path, 'failed', 'PUT');
    now += 2_500;
    await send(path, 'ok', 'PUT');
    expect(retryAttributes(await finishedSpans(harness.exporter, 4))).toEqual([
      {},
      { 'zscaler.retry.attempt': 1, 'zscaler.retry.waited': 2.5 },
    ]);
    expect(await retryPoints()).toEqual([
      {
        name: 'zscaler.api.retries',
        attributes: { 'zscaler.service': 'zia', 'http.request.method': 'PUT' },
        value: 1,
      },
      {
        name: 'zscaler.api.retry.waited',
        attributes: { 'zscaler.service': 'zia' },
        value: { count: 1, sum: 2.5 },
      },
    ]);
  });

  test('a repeat after a network failure (no response at all)', async () => {
    const path = newPath();
    now = 3_000_000;
    // The same host, method and path, on a port where nothing listens (fetch refuses "bad" ports such as 9
    // before sending anything: a port just freed instead).
    await expect(client.send(`http://api.zsapi.net:${await closedPort()}${path}`, 'GET')).rejects.toThrow();
    now += 500;
    await send(path, 'ok');
    // Two client spans and the server span of the second request.
    const spans = await finishedSpans(harness.exporter, 3);
    expect(retryAttributes(spans)).toEqual([{}, { 'zscaler.retry.attempt': 1, 'zscaler.retry.waited': 0.5 }]);
  });

  test('the query string is left out of the route; another method is another route', async () => {
    const path = newPath();
    now = 4_000_000;
    await send(path, 'limited', 'GET', '&page=1');
    now += 20_000;
    await send(path, 'ok', 'DELETE');
    now += 1_000;
    await send(path, 'ok', 'GET', '&page=2');
    expect(retryAttributes(await finishedSpans(harness.exporter, 6))).toEqual([
      {},
      {},
      {
        'zscaler.retry.attempt': 1,
        'zscaler.retry.waited': 21,
        'zscaler.retry.asked': 13,
        'zscaler.retry.early': false,
      },
    ]);
  });

  test('a burst of 20 where 5 get a 429 and each retries at once: 5 early first repeats', async () => {
    const path = newPath();
    now = 5_000_000;
    // The 429s come last, after every success of the burst.
    const burst = Array.from({ length: 20 }, (_, index) => (index % 4 === 0 ? 'limited-late' : 'ok'));
    const first = await Promise.all(burst.map((fixture) => send(path, fixture)));
    expect(first.filter((received) => received.status === 429)).toHaveLength(5);
    now += 200;
    await Promise.all(Array.from({ length: 5 }, () => send(path, 'ok')));
    const repeats = retryAttributes(await finishedSpans(harness.exporter, 50)).slice(20);
    expect(repeats).toEqual(
      Array(5).fill({
        'zscaler.retry.attempt': 1,
        'zscaler.retry.waited': 0.2,
        'zscaler.retry.asked': 13,
        'zscaler.retry.early': true,
      }),
    );
    expect((await retryPoints()).find((point) => point.name === 'zscaler.api.retries')?.value).toBe(5);
  });
});
