/**
 * Two instrumentation sets at once (the agent's and the stock ones, a common mistake): fetch and undici
 * requests get two spans each (two undici instrumentations; the second http one wraps nothing more), both
 * enriched alike; the metrics count each request once, and one stderr line says so, once.
 */
import { afterAll, expect, test, vi } from 'vitest';
import { enrichmentSuite } from './enrichment-suite.js';
import { setUpTelemetry } from './harness.js';

const stderr = vi.spyOn(process.stderr, 'write');
const UNDICI_CLIENTS = new Set(['fetch', 'undici request']);
enrichmentSuite(setUpTelemetry({}, 'both'), (client) => (UNDICI_CLIENTS.has(client) ? 2 : 1));

afterAll(() => stderr.mockRestore());

test('says it once', () => {
  const lines = stderr.mock.calls
    .map(([text]) => String(text))
    .filter((text) => text.includes('zscaler-otel-agent'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(
    /two instrumentations traced the same request .* the metrics count the request once/,
  );
});
