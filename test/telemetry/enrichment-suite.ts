/**
 * Every case of cases.ts through every client: exact `zscaler.*` attributes, the status description, exact metric
 * points, and the app receives exactly the bytes the server sent — for whichever set of instrumentations makes
 * the spans (each test file runs it for one set-up, in a process of its own).
 */

import { gunzipSync } from 'node:zlib';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  bodyBytes,
  type FixtureServer,
  sha256,
  startFixtureServer,
} from '../support/zscaler-fixture-server.js';
import { cases } from './cases.js';
import { clients } from './clients.js';
import { expectedPoints } from './expected-points.js';
import { finishedSpans, type Harness, zscalerAttributes } from './harness.js';

/**
 * `spansPerRequest`: client spans each request gets (2 where two instrumentations trace the same client); each
 * is enriched alike, and the metrics still count the request once.
 */
export function enrichmentSuite(
  harness: Harness,
  spansPerRequest: (client: string) => number = () => 1,
): void {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer(Object.fromEntries(cases.map((c) => [c.name, c.response])));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    harness.exporter.reset();
    harness.resetMetrics();
  });

  describe.each(clients)('$name', (client) => {
    test.each(cases)('$name', async (c) => {
      const received = await client.send(server.url(c.host, c.path, c.name), c.method);
      const wire = bodyBytes(c.response);
      const expected =
        client.decodes && c.response.headers?.['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
      expect(received.status).toBe(c.response.status);
      expect(sha256(received.body)).toBe(sha256(expected));

      const count = spansPerRequest(client.name);
      // The server span too; spans end at the end of the body, which may follow the app's read.
      const spans = (await finishedSpans(harness.exporter, count + 1)).filter(
        (span) => span.kind === SpanKind.CLIENT,
      );
      expect(spans).toHaveLength(count);
      expect(spans.map(zscalerAttributes)).toEqual(Array(count).fill(c.attributes));
      const status =
        c.description === undefined
          ? { code: SpanStatusCode.UNSET }
          : { code: SpanStatusCode.ERROR, message: c.description };
      expect(spans.map((span) => span.status)).toEqual(Array(count).fill(status));

      expect(await points(harness)).toEqual(expectedPoints(c));
    });
  });
}

async function points(harness: Harness) {
  return (await harness.points()).map((point) =>
    point.name === 'zscaler.api.request.duration' && typeof point.value !== 'number'
      ? { ...point, value: { count: point.value.count, positive: point.value.sum > 0 } }
      : point,
  );
}
