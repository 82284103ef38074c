/**
 * An app that reads the body late — after the agent has seen all of it, or while the stream is still paused —
 * still gets every byte the server sent, in order: the capture never consumes, resumes or reorders the stream.
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { attachedCaptureCount } from '../../src/telemetry/body-capture.js';
import { openExchangeCount } from '../../src/telemetry/exchange.js';
import {
  bodyBytes,
  type FixtureServer,
  sha256,
  startFixtureServer,
} from '../support/zscaler-fixture-server.js';
import { cases } from './cases.js';
import { finishedSpans, setUpTelemetry } from './harness.js';

const harness = setUpTelemetry();
const picked = cases.filter((c) => ['zia-edit-lock-gzip', 'zpa-oversize', 'zpa-429'].includes(c.name));
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer(Object.fromEntries(picked.map((c) => [c.name, c.response])));
});
afterAll(() => server.close());

async function expectEnriched(c: (typeof picked)[number]): Promise<void> {
  const spans = (await finishedSpans(harness.exporter, 1)).filter((span) => span.kind === SpanKind.CLIENT);
  expect(spans.at(-1)?.attributes['zscaler.error.category']).toBe(c.attributes['zscaler.error.category']);
  expect(spans.at(-1)?.attributes['zscaler.error.id']).toBe(c.attributes['zscaler.error.id']);
  expect(openExchangeCount()).toBe(0);
  expect(attachedCaptureCount()).toBe(0);
}

describe.each(picked)('$name', (c) => {
  const url = () => server.url(c.host, c.path, c.name);
  const wire = bodyBytes(c.response);

  test('fetch: the body read after a pause (decoded by fetch)', async () => {
    harness.exporter.reset();
    const response = await fetch(url(), { method: c.method });
    await settle();
    const decoded = c.response.headers?.['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
    expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(sha256(decoded));
    await expectEnriched(c);
  });

  test('undici request: the body read after a pause', async () => {
    harness.exporter.reset();
    const { request } = await import('undici');
    const response = await request(url(), { method: c.method as 'GET' });
    await settle();
    expect(sha256(Buffer.from(await response.body.arrayBuffer()))).toBe(sha256(wire));
    await expectEnriched(c);
  });

  test('node:http: a paused response read after a pause', async () => {
    harness.exporter.reset();
    const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.request(url(), { method: c.method }, resolve).on('error', reject).end(),
    );
    await settle();
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(wire));
    await expectEnriched(c);
  });

  test('axios stream: read after a pause', async () => {
    harness.exporter.reset();
    const { default: axios } = await import('axios');
    const response = await axios.request({
      url: url(),
      method: c.method,
      responseType: 'stream',
      decompress: false,
      validateStatus: () => true,
    });
    await settle();
    const chunks: Buffer[] = [];
    for await (const chunk of response.data) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(wire));
    await expectEnriched(c);
  });
});
