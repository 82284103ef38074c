/**
 * The opt-ins and opt-outs, through real clients: tracesOnlyZscaler (no span for other requests, no server
 * spans), captureReason off, and a small body bound.
 */
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/zscaler-fixture-server.js';
import { clients } from './clients.js';
import { finishedSpans, setUpTelemetry, zscalerAttributes } from './harness.js';

const harness = setUpTelemetry({ tracesOnlyZscaler: true, captureReason: false, maxBodyBytes: 40 });
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    // The id is within the first 40 bytes, the reason is not.
    duplicate: {
      status: 409,
      headers: { 'content-type': 'application/json' },
      body: '{"code":"DUPLICATE_ITEM","message":"Invalid IP inetAddress : - This IP 104.239.237.2 is already associated with current organization."}',
    },
    plain: { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' },
  });
});
afterAll(() => server.close());
beforeEach(() => harness.exporter.reset());

describe.each(clients)('$name', (client) => {
  test('other hosts get no span at all, Zscaler hosts do', async () => {
    await client.send(server.url('api.example.com', '/v1/things', 'plain'), 'GET');
    await client.send(server.url('api.zsapi.net', '/zia/api/v1/staticIP', 'duplicate'), 'POST');
    const spans = await finishedSpans(harness.exporter, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // No server span either: the fixture server is in this process.
    expect(harness.exporter.getFinishedSpans().map((span) => span.kind)).toEqual([SpanKind.CLIENT]);
    expect(spans.map(zscalerAttributes)).toEqual([
      {
        'zscaler.service': 'zia',
        'zscaler.api': 'oneapi',
        'zscaler.cloud': 'production',
        'zscaler.error.id': 'DUPLICATE_ITEM',
        'zscaler.error.category': 'conflict',
        'zscaler.retryable': false,
      },
    ]);
  });
});
