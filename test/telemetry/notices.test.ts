/**
 * What the processor cannot see, it says once, on stderr: a span whose request never appeared on Node's
 * channels, and an error body that came whole but reached the agent by neither undici's `onData` nor the chunk
 * channel. Driven through the channels by hand, as undici publishes them.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, expect, test, vi } from 'vitest';
import { ZscalerSpanProcessor } from '../../src/index.js';

const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
afterAll(() => stderr.mockRestore());
const agentLines = () =>
  stderr.mock.calls.map(([text]) => String(text)).filter((text) => text.startsWith('zscaler-otel-agent:'));

const processor = new ZscalerSpanProcessor();
const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('hand-made');
const channel = (name: string) => diagnosticsChannel.channel(`undici:request:${name}`);
const URL = 'https://api.zsapi.net/zia/api/v1/urlCategories';
const attributes = { 'url.full': URL, 'server.address': 'api.zsapi.net', 'http.request.method': 'PUT' };
const LOCK = Buffer.from('{"code":"EDIT_LOCK_NOT_AVAILABLE"}');
const headers = [Buffer.from('content-type'), Buffer.from('application/json')];

test('a span never matched with a request: one line, however many spans', () => {
  for (let index = 0; index < 3; index++) {
    const span = tracer.startSpan('PUT', { kind: SpanKind.CLIENT, attributes });
    span.setAttribute('http.response.status_code', 409);
    span.end();
  }
  expect(agentLines()).toEqual([
    expect.stringMatching(/^zscaler-otel-agent: spans from hand-made to Zscaler hosts could not be matched/),
  ]);
});

test('a whole body that reached the agent by no way it knows: one line; a cut-off body: none', () => {
  stderr.mockClear();
  const exchange = (ended: 'trailers' | 'error') => {
    // An undici core request of some future shape: neither onData nor chunk messages.
    const request = { origin: 'https://api.zsapi.net' };
    channel('create').publish({ request });
    const span = tracer.startSpan('PUT', { kind: SpanKind.CLIENT, attributes });
    channel('headers').publish({ request, response: { statusCode: 409, headers, statusText: '' } });
    channel(ended).publish(
      ended === 'trailers' ? { request, trailers: [] } : { request, error: new Error('x') },
    );
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  exchange('error');
  expect(agentLines()).toEqual([]);
  exchange('trailers');
  exchange('trailers');
  expect(agentLines()).toEqual([
    expect.stringMatching(
      /^zscaler-otel-agent: Zscaler error bodies of requests traced by hand-made did not reach/,
    ),
  ]);
});

test('the same request with its body through onData: enriched, nothing said', () => {
  stderr.mockClear();
  const request = {
    origin: 'https://api.zsapi.net',
    onData: (_chunk: Uint8Array) => true,
  };
  channel('create').publish({ request });
  const span = tracer.startSpan('PUT', { kind: SpanKind.CLIENT, attributes });
  channel('headers').publish({ request, response: { statusCode: 409, headers, statusText: '' } });
  request.onData(LOCK);
  channel('trailers').publish({ request, trailers: [] });
  span.end();
  expect((span as unknown as { attributes: Record<string, unknown> }).attributes['zscaler.error.id']).toBe(
    'EDIT_LOCK_NOT_AVAILABLE',
  );
  expect(agentLines()).toEqual([]);
});
