/**
 * The processor alone, with the stock instrumentations made BEFORE the agent's package loads: they subscribe to
 * undici's channels first, so each span starts before the agent hears of its request (and waits for it).
 */
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { afterAll, expect, test, vi } from 'vitest';
import { spansComeFirst } from '../../src/telemetry/request-pairing.js';

const early = [new UndiciInstrumentation(), new HttpInstrumentation()];
const { setUpTelemetry } = await import('./harness.js');
const { enrichmentSuite } = await import('./enrichment-suite.js');

const stderr = vi.spyOn(process.stderr, 'write');
afterAll(() => stderr.mockRestore());
enrichmentSuite(setUpTelemetry({}, early));

test('the spans did start first', () => {
  expect(spansComeFirst()).toBe(true);
});

test('nothing is missing, so nothing is said', () => {
  expect(stderr.mock.calls.filter(([text]) => String(text).includes('zscaler-otel-agent'))).toEqual([]);
});
