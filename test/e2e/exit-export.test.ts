/**
 * A short job that ends abruptly (process.exit(code), an uncaught error, an unhandled rejection) right after
 * its requests: the agent still exports its spans and metrics, synchronously inside the 'exit' event, and the
 * process ends exactly as without the agent (code, stdout, stderr). With a dead collector: as quickly, plus
 * at most the agent's one line on stderr.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { OtlpSpanKind } from '../../src/receiver/index.js';
import { type AppRun, agentLines, appStderr, type Preload, runApp } from './preload-harness.js';
import { usePreloadWorld } from './preload-world.js';

const SHUTDOWN_BOUND_MS = 3000;
const ENDINGS = [
  ['exit', 3],
  ['throw', 1],
  ['reject', 1],
] as const;

const world = usePreloadWorld();

beforeEach(async () => {
  await world.receiver.setFault('none');
  world.receiver.clear();
});

function run(ending: string, preload: Preload, protocol = 'http/protobuf'): Promise<AppRun> {
  return runApp(world.home.dir, {
    app: 'abrupt-end.cjs',
    preload,
    env: {
      APP_END: ending,
      ZSCALER_PORT: String(world.zpa.port),
      ZSCALER_OTEL_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_BOUND_MS),
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_EXPORTER_OTLP_ENDPOINT:
        protocol === 'grpc' ? (world.receiver.grpcUrl ?? '') : world.receiver.httpUrl,
    },
  });
}

function expectSameEnding(withAgent: AppRun, without: AppRun, code: number): void {
  expect(without.code).toBe(code);
  expect({ code: withAgent.code, signal: withAgent.signal }).toEqual({ code, signal: null });
  expect(withAgent.stdout).toBe(without.stdout);
  expect(withAgent.stdout).not.toContain('after process.exit');
}

function metricValue(name: string): number | undefined {
  const metric = world.receiver
    .metrics()
    .filter((candidate) => candidate.name === name)
    .at(-1);
  return metric?.points[0]?.value;
}

describe.each(ENDINGS)('a job that ends with %s', (ending, code) => {
  it.each([
    ['http/protobuf', 'require'],
    ['http/json', 'node-options-require'],
    ['grpc', 'import'],
  ] as const)('exports its spans and metrics over %s (%s), and ends exactly as without the agent', async (protocol, preload) => {
    const without = await run(ending, 'none', protocol);
    const withAgent = await run(ending, preload, protocol);
    expectSameEnding(withAgent, without, code);
    // Byte for byte, the error Node printed included: the agent said nothing.
    expect(withAgent.stderr).toBe(without.stderr);

    const via = world.receiver
      .spans()
      .filter((span) => span.kind === OtlpSpanKind.CLIENT && span.attributes['zscaler.service'] === 'zpa')
      .map((span) => new URL(String(span.attributes['url.full'])).searchParams.get('via'))
      .sort();
    expect(via).toEqual(['fetch', 'http']);
    expect(metricValue('zscaler.api.requests')).toBe(2);
    expect(metricValue('zscaler.api.rate_limited')).toBe(2);
    console.log(
      `${ending} (${protocol}): exit +${Math.round(withAgent.exitMs - without.exitMs)} ms, run +${Math.round(withAgent.durationMs - without.durationMs)} ms with the agent`,
    );
  });

  it('with a dead collector: ends as quickly, at most one agent line naming the endpoint', async () => {
    await world.receiver.setFault('refuse');
    const without = await run(ending, 'none');
    const withAgent = await run(ending, 'require');
    expectSameEnding(withAgent, without, code);
    expect(appStderr(withAgent)).toBe(without.stderr);
    const lines = agentLines(withAgent);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${world.receiver.httpUrl}/v1/`);
    expect(lines[0]).toContain('ECONNREFUSED');
    const exitAdded = withAgent.exitMs - without.exitMs;
    console.log(`${ending}, dead collector: exit +${Math.round(exitAdded)} ms with the agent`);
    expect(exitAdded).toBeLessThan(SHUTDOWN_BOUND_MS / 2);
  });
});

it('a hanging collector holds the abrupt end no longer than the shutdown bound', async () => {
  await world.receiver.setFault('hang');
  const without = await run('exit', 'none');
  const withAgent = await run('exit', 'require');
  expectSameEnding(withAgent, without, 3);
  expect(agentLines(withAgent)).toHaveLength(1);
  const exitAdded = withAgent.exitMs - without.exitMs;
  console.log(`exit, hanging collector: exit +${Math.round(exitAdded)} ms with the agent`);
  // Slack for start-up and teardown on a loaded machine, as in preload-lifecycle.test.ts.
  expect(exitAdded).toBeLessThan(SHUTDOWN_BOUND_MS + 1500);
});
