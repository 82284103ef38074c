/**
 * The preload finding another OpenTelemetry SDK already registered (another preload, a vendor agent) starts no
 * second one: one stderr line names what it found and the README section, the app runs untouched.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ensureBuilt } from './ensure-built.js';
import { agentLines, appStderr, createAppHome, runApp } from './preload-harness.js';

const OTHER_SDK = fileURLToPath(new URL('./apps/other-sdk-first.cjs', import.meta.url));
let home: Awaited<ReturnType<typeof createAppHome>>;
beforeAll(async () => {
  ensureBuilt();
  home = await createAppHome();
});
afterAll(() => home.remove());

test.each([
  'require',
  'both',
] as const)('--%s after another SDK: one line, nothing started', async (preload) => {
  const run = await runApp(home.dir, {
    app: 'inspect-process.cjs',
    preload,
    // NODE_OPTIONS preloads run before the command line's: the other SDK registers first.
    env: { NODE_OPTIONS: `--require ${join(OTHER_SDK)}`, OTEL_TRACES_EXPORTER: 'console' },
  });
  expect(run.code).toBe(0);
  expect(agentLines(run)).toEqual([
    'zscaler-otel-agent: not started: another OpenTelemetry SDK is already registered in this process (TracerProvider, through @opentelemetry/api 1.10.0); add ZscalerSpanProcessor to its span processors instead (README "Already running OpenTelemetry?")',
  ]);
  expect(appStderr(run).trim()).toBe('');
  // No listener of the agent's: it installed nothing.
  expect(JSON.parse(run.stdout).listeners).toEqual({ SIGTERM: 0, SIGINT: 0, beforeExit: 0 });
});
