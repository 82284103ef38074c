/**
 * The preload is the OpenTelemetry JS 3.x line (its SDK bundled, api 1.10); in an app whose
 * `@opentelemetry/api` is 1.9 (the 2.x line: EDOT, Azure Monitor, Sentry, …) it does not start, says so in one
 * line and leaves the app alone, without loading the bundle (which fails to load on api 1.9).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiBelow3xLine, apiVersion, sdkLineSupported } from '../../src/sdk/line.js';
import { ensureBuilt, repoRoot } from '../e2e/ensure-built.js';

describe('the api line', () => {
  it('tells the 2.x line (api < 1.10) from the rest, and unknown from either', () => {
    expect(apiBelow3xLine('1.9.1')).toBe(true);
    expect(apiBelow3xLine('1.4.0')).toBe(true);
    expect(apiBelow3xLine('0.18.1')).toBe(true);
    expect(apiBelow3xLine('1.10.0')).toBe(false);
    expect(apiBelow3xLine('1.10.1-rc.0')).toBe(false);
    expect(apiBelow3xLine('1.11.0')).toBe(false);
    expect(apiBelow3xLine('2.0.0')).toBe(false);
    expect(apiBelow3xLine(undefined)).toBe(false);
    expect(apiBelow3xLine('garbage')).toBe(false);
  });

  it('reads the version of the api copy the package resolves, though api exports no package.json', () => {
    const installed = createRequire(join(repoRoot, 'package.json'))(
      './node_modules/@opentelemetry/api/package.json',
    );
    expect(apiVersion()).toBe(installed.version);
    expect(sdkLineSupported()).toEqual({ ok: true });
  });
});

describe('the preload in an app on api 1.9', () => {
  let app: string;

  beforeAll(() => {
    ensureBuilt();
    app = mkdtempSync(join(tmpdir(), 'zscaler-otel-agent-api19-'));
    // A copy, not a link: Node resolves a linked package's imports from the repository, whose api is 1.10.
    const installed = join(app, 'node_modules', 'zscaler-otel-agent');
    cpSync(join(repoRoot, 'dist'), join(installed, 'dist'), { recursive: true });
    cpSync(join(repoRoot, 'package.json'), join(installed, 'package.json'));
    // api 1.9.1 as npm installs it (its exports hide package.json), running the repository's 1.10 code.
    const api = join(app, 'node_modules', '@opentelemetry', 'api');
    mkdirSync(api, { recursive: true });
    writeFileSync(
      join(api, 'package.json'),
      JSON.stringify({
        name: '@opentelemetry/api',
        version: '1.9.1',
        main: 'build/src/index.js',
        exports: { '.': { default: './build/src/index.js' } },
      }),
    );
    mkdirSync(join(api, 'build/src'), { recursive: true });
    const real = createRequire(join(repoRoot, 'package.json')).resolve('@opentelemetry/api');
    writeFileSync(join(api, 'build/src/index.js'), `module.exports = require(${JSON.stringify(real)});\n`);
  });

  afterAll(() => {
    if (app) rmSync(app, { recursive: true, force: true });
  });

  function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [
          ...args,
          '-e',
          'console.log(Object.keys(require.cache).filter((p) => p.includes("dist/sdk/index.js")).length)',
        ],
        { cwd: app, env: { PATH: process.env.PATH ?? '' } },
        (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
      );
    });
  }

  for (const args of [
    ['--require', 'zscaler-otel-agent/register'],
    ['--import', 'zscaler-otel-agent/register'],
    ['--require', 'zscaler-otel-agent/register', '--import', 'zscaler-otel-agent/register'],
  ]) {
    it(`${args.join(' ')}: one line naming both versions and the README section, no SDK, exit 0`, async () => {
      const { code, stdout, stderr } = await run(args);
      expect(code).toBe(0);
      // The app's own output: the bundle was never loaded.
      expect(stdout).toBe('0\n');
      const lines = stderr.split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^zscaler-otel-agent: not started: /);
      expect(lines[0]).toContain('OpenTelemetry JS 3.x (@opentelemetry/api 1.10)');
      expect(lines[0]).toContain('@opentelemetry/api 1.9.1');
      expect(lines[0]).toContain('ZscalerSpanProcessor');
      expect(lines[0]).toContain('README "Already running OpenTelemetry?"');
    });
  }

  it('OTEL_LOG_LEVEL=none silences the line', async () => {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--require', 'zscaler-otel-agent/register', '-e', '1'],
        { cwd: app, env: { PATH: process.env.PATH ?? '', OTEL_LOG_LEVEL: 'none' } },
        (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
      );
    });
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
