/**
 * One set-up's compatibility checks, shared by the test files of test/compat: install the packed agent into
 * the set-up's app folder with plain `npm i`, run the app once over every client, then check per client and
 * case what a user of that set-up would see. The whole picture (the failure matrix, timings, what the
 * distribution printed) goes to .cache/compat/<id>/report.md as well.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyBytes } from '../support/zscaler-fixture-server.js';
import {
  CASES,
  CLIENTS,
  type ClientName,
  clientSpans,
  DECODES,
  expectedPoints,
  expectedStatus,
  pointsBetween,
  zscalerAttributes,
} from './expectations.js';
import { installAgent, packAgent, packageCopies, prepareApp, withAppLock } from './install.js';
import { agentLines, type Outcome, writeReport } from './report.js';
import { type AppRun, runApp } from './run-app.js';
import type { Setup } from './setups.js';

/** A first install downloads a distribution's few hundred packages; later runs reuse them. */
const SETUP_TIMEOUT_MS = 10 * 60_000;

async function runSetup(setup: Setup): Promise<Outcome> {
  const agent = await packAgent();
  return withAppLock(setup.id, async () => {
    const app = await prepareApp(setup.id);
    const install = await installAgent(app, agent);
    const installed = install.code === 0;
    return {
      setup,
      agent,
      app,
      install,
      api: installed ? await packageCopies(app, '@opentelemetry/api') : [],
      undici: await packageCopies(app, 'undici'),
      ...(installed && { run: await runApp(app, setup) }),
    };
  });
}

function expectedSha256(client: ClientName, c: (typeof CASES)[number]): string {
  const wire = bodyBytes(c.response);
  const received =
    DECODES[client] && c.response.headers?.['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
  return createHash('sha256').update(received).digest('hex');
}

export function describeSetup(setup: Setup): void {
  describe(setup.title, () => {
    let outcome: Outcome | undefined;
    beforeAll(async () => {
      outcome = await runSetup(setup);
    }, SETUP_TIMEOUT_MS);
    afterAll(async () => {
      if (outcome !== undefined) await writeReport(outcome);
    });

    const ran = (): AppRun => {
      if (outcome?.run === undefined)
        throw new Error(`not run: \`npm i <tarball>\` failed\n${outcome?.install.stderr ?? ''}`);
      return outcome.run;
    };

    it('installs the packed agent with plain `npm i <tarball>`', () => {
      const install = outcome?.install;
      expect(install?.code, `${install?.stdout}\n${install?.stderr}`).toBe(0);
    });

    it('leaves one @opentelemetry/api in the app', () => {
      ran();
      expect(outcome?.api.map((copy) => `${copy.path}@${copy.version}`)).toHaveLength(1);
    });

    it('runs to the end, and the app receives exactly what the server sent', () => {
      const run = ran();
      expect(run.problems).toEqual([]);
      expect({ code: run.process.code, finished: run.finished }, run.process.stderr).toEqual({
        code: 0,
        finished: true,
      });
      expect(run.responses).toEqual(
        CLIENTS.flatMap((client) =>
          CASES.map((c) => ({
            kind: 'response',
            client,
            case: c.name,
            status: c.response.status,
            sha256: expectedSha256(client, c),
          })),
        ),
      );
    });

    it('prints no zscaler-otel-agent line it should not', () => {
      const unexpected = agentLines(ran()).filter(
        (line) => !(setup.agentLines ?? []).some((pattern) => pattern.test(line)),
      );
      expect(unexpected).toEqual([]);
    });

    describe.each(CLIENTS)('%s', (client) => {
      it('makes exactly one client span per request', () => {
        const { spans } = ran();
        const counts = Object.fromEntries(CASES.map((c) => [c.name, clientSpans(spans, client, c).length]));
        expect(counts).toEqual(Object.fromEntries(CASES.map((c) => [c.name, 1])));
      });

      it.each(CASES)('$name: exactly the case’s zscaler.* attributes', (c) => {
        const spans = clientSpans(ran().spans, client, c);
        expect(spans.length, 'client spans').toBeGreaterThan(0);
        expect(spans.map(zscalerAttributes)).toEqual(spans.map(() => c.attributes));
      });

      it.each(CASES)('$name: span status and description', (c) => {
        const spans = clientSpans(ran().spans, client, c);
        expect(spans.length, 'client spans').toBeGreaterThan(0);
        expect(spans.map((span) => span.status)).toEqual(spans.map(() => expectedStatus(c)));
      });

      it('counts each request once in the metric points', () => {
        const run = ran();
        const index = run.phases.findIndex((phase) => phase.client === client);
        expect(index, 'the app finished this client').toBeGreaterThanOrEqual(0);
        const after = index === 0 ? 0 : (run.phases[index - 1]?.end ?? 0);
        const until = run.phases[index]?.end ?? 0;
        expect(pointsBetween(run.metrics, after, until)).toEqual(expectedPoints());
      });
    });

    it('counts nothing after the last client (spans ending late, shutdown)', () => {
      const run = ran();
      const last = run.phases.at(-1)?.end ?? 0;
      expect(pointsBetween(run.metrics, last, Number.MAX_SAFE_INTEGER).filter(isCount)).toEqual([]);
    });
  });
}

/** Gauges repeat their last value in every cumulative export; counts must not grow. */
function isCount(point: { name: string }): boolean {
  return point.name !== 'zscaler.api.ratelimit.remaining';
}
