/**
 * What the agent must leave alone: other hosts (including look-alikes) get no `zscaler.*` attribute and no
 * metric point, and requests that end badly — aborted, reset mid-body, body never read — leave no exchange and
 * no body capture behind, while the app still gets exactly the bytes that arrived.
 */
import http from 'node:http';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { attachedCaptureCount } from '../../src/telemetry/body-capture.js';
import { openExchangeCount } from '../../src/telemetry/exchange.js';
import { type FixtureServer, sha256, startFixtureServer } from '../support/zscaler-fixture-server.js';
import { FOREIGN_429, foreignHosts } from './cases.js';
import { clients } from './clients.js';
import { finishedSpans, setUpTelemetry } from './harness.js';

const harness = setUpTelemetry();
const ROUNDS = 50;
const LONG_429 = `{"id":"invalid.toomanyrequests","reason":"${'Exceeded the number of requests allowed. '.repeat(200)}"}`;
const ZPA_PATH = '/zpa/mgmtconfig/v1/admin/customers/1/application';
let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer({
    foreign: FOREIGN_429,
    slow: {
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '13s' },
      body: LONG_429,
      chunkSize: 64,
    },
    reset: {
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '13s' },
      body: LONG_429,
      resetAfter: 100,
    },
    small: {
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '13s' },
      body: '{"id":"invalid.toomanyrequests","reason":"Exceeded the number of requests allowed."}',
    },
  });
});
afterAll(() => server.close());
beforeEach(() => {
  harness.exporter.reset();
  harness.resetMetrics();
});

/** Waits for the spans of `count` client requests, then checks nothing stayed open. */
async function expectNothingLeft(count: number): Promise<void> {
  const spans = await finishedSpans(harness.exporter, 2 * count);
  expect(spans.filter((span) => span.kind === SpanKind.CLIENT)).toHaveLength(count);
  expect(openExchangeCount()).toBe(0);
  expect(attachedCaptureCount()).toBe(0);
}

describe.each(clients)('other hosts through $name', (client) => {
  test.each(foreignHosts)('%s gets nothing', async (host) => {
    const received = await client.send(server.url(host, ZPA_PATH, 'foreign'), 'GET');
    expect(received.status).toBe(429);
    expect(sha256(received.body)).toBe(sha256(Buffer.from(FOREIGN_429.body as string)));
    const [span] = (await finishedSpans(harness.exporter, 2)).filter((s) => s.kind === SpanKind.CLIENT);
    expect(Object.keys(span?.attributes ?? {}).filter((name) => name.startsWith('zscaler.'))).toEqual([]);
    expect(span?.status.message).toBeUndefined();
    expect(await harness.points()).toEqual([]);
  });
});

const url = () => server.url('api.zsapi.net', ZPA_PATH, 'slow');

describe('aborted requests leave nothing behind', () => {
  test('fetch', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const controller = new AbortController();
      const response = await fetch(url(), { signal: controller.signal });
      controller.abort();
      await expect(response.arrayBuffer()).rejects.toThrow();
    }
    await expectNothingLeft(ROUNDS);
  });

  test('undici request', async () => {
    const { request: undiciRequest } = await import('undici');
    for (let round = 0; round < ROUNDS; round++) {
      const controller = new AbortController();
      const response = await undiciRequest(url(), { signal: controller.signal });
      controller.abort();
      await expect(response.body.arrayBuffer()).rejects.toThrow();
    }
    await expectNothingLeft(ROUNDS);
  });

  test('axios', async () => {
    const { default: axios } = await import('axios');
    for (let round = 0; round < ROUNDS; round++) {
      const controller = new AbortController();
      const response = await axios.get(url(), {
        signal: controller.signal,
        responseType: 'stream',
        validateStatus: () => true,
      });
      controller.abort();
      response.data.destroy();
    }
    await expectNothingLeft(ROUNDS);
  });

  test('node:http', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await new Promise<void>((resolve) => {
        const request = http.get(url(), () => {
          request.destroy();
          resolve();
        });
        request.on('error', () => {});
      });
    }
    await expectNothingLeft(ROUNDS);
  });
});

describe('connection reset mid-body leaves nothing behind', () => {
  const resetUrl = () => server.url('api.zsapi.net', ZPA_PATH, 'reset');

  test('every client', async () => {
    for (let round = 0; round < ROUNDS / 5; round++) {
      for (const client of clients) {
        await expect(client.send(resetUrl(), 'GET')).rejects.toThrow();
      }
    }
    await expectNothingLeft((ROUNDS / 5) * clients.length);
    const reset = harness.exporter
      .getFinishedSpans()
      .filter((span) => span.kind === SpanKind.CLIENT)
      .map((span) => span.attributes['zscaler.error.category']);
    expect(new Set(reset)).toEqual(new Set(['rate_limited']));
  });
});

describe('bodies the app never reads leave nothing behind', () => {
  const smallUrl = () => server.url('api.zsapi.net', ZPA_PATH, 'small');

  test('fetch', async () => {
    for (let round = 0; round < ROUNDS; round++) await fetch(smallUrl());
    await expectNothingLeft(ROUNDS);
    const ids = harness.exporter.getFinishedSpans().map((span) => span.attributes['zscaler.error.id']);
    expect(ids.filter((id) => id !== undefined)).toHaveLength(ROUNDS);
  });

  test('undici request', async () => {
    const { request: undiciRequest } = await import('undici');
    for (let round = 0; round < ROUNDS; round++) await undiciRequest(smallUrl());
    await expectNothingLeft(ROUNDS);
  });

  test('node:http without a response listener', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await new Promise<void>((resolve) => http.get(smallUrl()).on('close', resolve));
    }
    await expectNothingLeft(ROUNDS);
  });
});
