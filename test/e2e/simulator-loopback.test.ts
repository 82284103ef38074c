/**
 * `--require zscaler-otel-agent/simulator/loopback` (and `--import`, here through NODE_OPTIONS) points an
 * unmodified app's Zscaler host names at the simulator on loopback.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { ensureBuilt } from './ensure-built.js';
import { createAppHome, runApp } from './preload-harness.js';

let simulator: Simulator;
let home: Awaited<ReturnType<typeof createAppHome>>;
beforeAll(async () => {
  ensureBuilt();
  simulator = await startSimulator({ port: 0 });
  home = await createAppHome();
});
afterAll(async () => {
  await simulator.close();
  await home.remove();
});

test.each(['--require', '--import'])('%s zscaler-otel-agent/simulator/loopback', async (flag) => {
  const run = await runApp(home.dir, {
    app: 'simulator-call.cjs',
    preload: 'none',
    env: {
      SIMULATOR_PORT: String(simulator.port),
      NODE_OPTIONS: `${flag} zscaler-otel-agent/simulator/loopback`,
    },
  });
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  // The simulator answers: a call without a token is refused as the gateway refuses it.
  expect(JSON.parse(run.stdout)).toEqual({ status: 401 });
});
