/**
 * One pass against the Zscaler simulator (which serves recorded Zscaler answers, not the catalogue's): the
 * gateway's 401 for a call without a token, through fetch and axios.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { clients } from './clients.js';
import { finishedSpans, setUpTelemetry, zscalerAttributes } from './harness.js';

const harness = setUpTelemetry();
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

test.each(clients)('$name: a call without a token', async (client) => {
  harness.exporter.reset();
  const received = await client.send(`http://api.zsapi.net:${sim.port}/zia/api/v1/urlCategories`, 'GET');
  const [span] = (await finishedSpans(harness.exporter, 1)).filter((s) => s.kind === SpanKind.CLIENT);
  expect(received.status).toBe(401);
  expect(JSON.parse(received.body.toString())).toEqual({
    detail: 'unauthorized',
    type: '',
    title: '',
    status: '',
  });
  const { 'zscaler.request_id': requestId, ...attributes } = zscalerAttributes(span as never);
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(attributes).toEqual({
    'zscaler.service': 'zia',
    'zscaler.api': 'oneapi',
    'zscaler.cloud': 'production',
    'zscaler.error.reason': 'unauthorized',
    'zscaler.error.category': 'unauthorized',
    'zscaler.retryable': false,
  });
  expect(span?.status).toEqual({
    code: SpanStatusCode.ERROR,
    message: 'The authorization token is invalid, expired, or missing.',
  });
});
