/**
 * Start-up: `node <preload flags> bench/startup-app.cjs <url>` — one request, then a natural exit — with no
 * OpenTelemetry and with each preload (bench/preloads.mjs: same variables, exporting to the sink). The
 * configurations take turns, in a shuffled order each round, so that load from elsewhere spreads over all of
 * them. Per configuration, the medians over the rounds of:
 *   wallMs  — from spawn to exit, as the parent sees it (the measure of issue 13)
 *   readyMs — from process start to the app's first line (what the preload costs before the app runs)
 *   cpuMs   — the process's CPU time at exit
 *   rssMb   — peak RSS right after the one request
 * and what the first run printed besides the app's line (the notices and warnings a user would see).
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median, shuffled } from './stats.mjs';

const app = join(dirname(fileURLToPath(import.meta.url)), 'startup-app.cjs');
const run = promisify(execFile);

/** `configurations`: { name: { flags, cwd, env } }. */
export async function measureStartup(configurations, url, rounds) {
  const samples = Object.fromEntries(Object.keys(configurations).map((name) => [name, []]));
  const printed = {};
  for (let round = 0; round < rounds; round++) {
    for (const name of shuffled(Object.keys(configurations))) {
      const { flags, cwd, env } = configurations[name];
      const started = performance.now();
      const { stdout, stderr } = await run(process.execPath, [...flags, app, url], { cwd, env });
      const wallMs = performance.now() - started;
      const lines = `${stdout}\n${stderr}`.split('\n').filter((line) => line.trim() !== '');
      // The app writes its line at exit, after anything a preload printed on stdout.
      const own = lines.findLast((line) => line.startsWith('{"readyMs"'));
      samples[name].push({ wallMs, ...JSON.parse(own) });
      printed[name] ??= lines.filter((line) => line !== own);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, runs]) => {
      const of = (field) => median(runs.map((sample) => sample[field]));
      return [
        name,
        {
          wallMs: of('wallMs'),
          readyMs: of('readyMs'),
          cpuMs: of('cpuMs'),
          rssMb: of('rssKb') / 1024,
          printed: printed[name],
          runs,
        },
      ];
    }),
  );
}
