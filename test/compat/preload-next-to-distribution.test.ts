/**
 * The agent's preload next to a distribution's own, in that distribution's app folder: it starts no second SDK
 * and says so in exactly one line (README "Already running OpenTelemetry?"); the app runs as without it.
 */
import { describe, expect, it } from 'vitest';
import { installAgent, packAgent, prepareApp, run, userEnvironment, withAppLock } from './install.js';

const APP = "fetch('http://127.0.0.1:9/').catch(() => console.log('app done'))";
const cases = [
  {
    id: 'auto-instrumentations-3x',
    preload: '@opentelemetry/auto-instrumentations-node/register',
    line: /^zscaler-otel-agent: not started: another OpenTelemetry SDK is already registered in this process \(.*\); add ZscalerSpanProcessor to its span processors instead \(README "Already running OpenTelemetry\?"\)$/,
  },
  {
    id: 'edot',
    preload: '@elastic/opentelemetry-node',
    line: /^zscaler-otel-agent: not started: .*this app has @opentelemetry\/api 1\.9\.\d+; add ZscalerSpanProcessor to the OpenTelemetry SDK the app runs instead \(README "Already running OpenTelemetry\?"\)$/,
  },
];

describe.each(cases)('--require $preload --require zscaler-otel-agent/register', ({ id, preload, line }) => {
  it('starts nothing of its own and says so once', async () => {
    const agent = await packAgent();
    const result = await withAppLock(id, async () => {
      const app = await prepareApp(id);
      const install = await installAgent(app, agent);
      expect(install.code, install.stderr).toBe(0);
      const env = {
        ...userEnvironment(),
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
      };
      const args = ['--require', preload, '--require', 'zscaler-otel-agent/register', '-e', APP];
      return run(process.execPath, args, { cwd: app.dir, env, timeoutMs: 60_000 });
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('app done');
    const agentLines = `${result.stdout}\n${result.stderr}`
      .split('\n')
      .filter((text) => text.includes('zscaler-otel-agent'));
    expect(agentLines).toEqual([expect.stringMatching(line)]);
  }, 600_000);
});
