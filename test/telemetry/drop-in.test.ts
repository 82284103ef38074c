/**
 * The processor alone in an app's own set-up: the stock undici and http instrumentations, unconfigured, made
 * after the processor (the agent hears of each request before its span starts).
 */
import { afterAll, expect, test, vi } from 'vitest';
import { spansComeFirst } from '../../src/telemetry/request-pairing.js';
import { enrichmentSuite } from './enrichment-suite.js';
import { setUpTelemetry } from './harness.js';

const stderr = vi.spyOn(process.stderr, 'write');
afterAll(() => stderr.mockRestore());
enrichmentSuite(setUpTelemetry({}, 'stock'));

test('the agent heard of each request first', () => {
  expect(spansComeFirst()).toBe(false);
});

test('nothing is missing, so nothing is said', () => {
  expect(stderr.mock.calls.filter(([text]) => String(text).includes('zscaler-otel-agent'))).toEqual([]);
});
