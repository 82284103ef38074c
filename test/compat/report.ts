/**
 * A set-up's run written out for people: timings, what npm and the distribution printed, which
 * instrumentation made the spans and which dispatcher fetch went through, and the failure matrix (client ×
 * case × what is missing or wrong). Written to .cache/compat/<id>/report.md after each run; the tests assert
 * the same facts.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { AttributeValue, ReceivedSpan } from '../../src/receiver/index.js';
import {
  CASES,
  CLIENTS,
  clientSpans,
  expectedPoints,
  expectedStatus,
  type Point,
  pointsBetween,
  zscalerAttributes,
} from './expectations.js';
import type { AppFolder, CommandResult, PackageCopy, PackedAgent } from './install.js';
import type { AppRun } from './run-app.js';
import type { Setup } from './setups.js';

export interface Outcome {
  readonly setup: Setup;
  readonly agent: PackedAgent;
  readonly app: AppFolder;
  readonly install: CommandResult;
  readonly api: readonly PackageCopy[];
  readonly undici: readonly PackageCopy[];
  /** Absent when `npm i` failed: the folder may still hold an older agent, which must not be tested. */
  readonly run?: AppRun;
}

/** Lines naming the agent, wherever the app printed them (a distribution's diag logger may use stdout). */
export function agentLines(run: AppRun): string[] {
  return `${run.process.stdout}\n${run.process.stderr}`
    .split('\n')
    .filter((line) => line.includes('zscaler-otel-agent'));
}

const copies = (found: readonly PackageCopy[]) =>
  found.map((copy) => `${copy.path}@${copy.version}`).join(', ') || '-';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function head(text: string, lines = 40): string {
  const all = text.trimEnd().split('\n');
  const kept = all.slice(0, lines).map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line));
  return all.length > lines ? `${kept.join('\n')}\n… (${all.length - lines} more lines)` : kept.join('\n');
}

function show(value: unknown): string {
  return typeof value === 'string' && value.length > 60
    ? `${JSON.stringify(value.slice(0, 57))}…`
    : JSON.stringify(value);
}

/** What differs between the attributes a case wants and a span's: missing, wrong and extra keys. */
export function attributeDiff(
  expected: Record<string, unknown>,
  actual: Record<string, AttributeValue>,
): string[] {
  const diff: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    if (!(key in actual)) diff.push(`missing ${key}`);
    else if (!isDeepStrictEqual(actual[key], value))
      diff.push(`${key}=${show(actual[key])} (want ${show(value)})`);
  }
  for (const key of Object.keys(actual))
    if (!(key in expected)) diff.push(`extra ${key}=${show(actual[key])}`);
  return diff;
}

function pointLabel(point: Point): string {
  const attributes = Object.entries(point.attributes)
    .filter(([key]) => key !== 'zscaler.service')
    .map(([key, value]) => `${key.replace(/^(zscaler|http)\./, '')}=${String(value)}`);
  const service = String(point.attributes['zscaler.service']);
  return `${point.name.replace('zscaler.api.', '')}{${[service, ...attributes].join(',')}}`;
}

export function pointsDiff(expected: readonly Point[], actual: readonly Point[]): string[] {
  const diff: string[] = [];
  const key = (point: Point) => `${point.name} ${JSON.stringify(point.attributes)}`;
  const found = new Map(actual.map((point) => [key(point), point]));
  for (const want of expected) {
    const got = found.get(key(want));
    found.delete(key(want));
    if (got === undefined) diff.push(`missing ${pointLabel(want)}`);
    else if (!isDeepStrictEqual(got.value, want.value))
      diff.push(`${pointLabel(want)} = ${JSON.stringify(got.value)} (want ${JSON.stringify(want.value)})`);
  }
  for (const extra of found.values())
    diff.push(`extra ${pointLabel(extra)} = ${JSON.stringify(extra.value)}`);
  return diff;
}

const scopeOf = (span: ReceivedSpan) => span.scope.name;

function matrix(run: AppRun): string[] {
  const lines: string[] = [];
  const expected = expectedPoints();
  for (const [index, client] of CLIENTS.entries()) {
    lines.push(`### ${client}`);
    const spans = CASES.map((c) => clientSpans(run.spans, client, c));
    const scopes = [
      ...new Set(spans.flat().map((span) => `${span.scope.name}@${span.scope.version ?? '?'}`)),
    ];
    lines.push(`- client spans made by: ${scopes.join(', ') || 'nothing'}`);
    for (const [i, c] of CASES.entries()) {
      const found = spans[i] ?? [];
      const problems: string[] = [];
      if (found.length !== 1) problems.push(`${found.length} client spans`);
      const first = found[0];
      if (first !== undefined) {
        problems.push(...attributeDiff(c.attributes, zscalerAttributes(first)));
        if (!isDeepStrictEqual(first.status, expectedStatus(c)))
          problems.push(
            `status ${first.status.code} ${show(first.status.message ?? '')} ` +
              `(want ${expectedStatus(c).code}${c.description === undefined ? '' : ' + the description'})`,
          );
      }
      lines.push(`- ${c.name}: ${problems.length === 0 ? 'ok' : problems.join('; ')}`);
    }
    const phase = run.phases[index];
    const after = index === 0 ? 0 : (run.phases[index - 1]?.end ?? 0);
    const metrics =
      phase === undefined ? ['not run'] : pointsDiff(expected, pointsBetween(run.metrics, after, phase.end));
    lines.push(`- metrics: ${metrics.length === 0 ? 'ok' : metrics.join('; ')}`);
  }
  return lines;
}

export async function writeReport(outcome: Outcome): Promise<void> {
  const { setup, agent, app, install, run } = outcome;
  const lines = [
    `# ${setup.title}`,
    '',
    `Node ${process.version}, ${new Date().toISOString()}, agent pack ${agent.hash}`,
    '',
    '## Timings',
    `- build + pack: ${agent.ms === 0 ? 'reused' : seconds(agent.ms)}`,
    `- set-up's own npm install: ${app.base.reused ? 'reused' : seconds(app.base.ms)}`,
    `- npm i <tarball>: ${seconds(install.ms)} (exit ${install.code})`,
    `- app run: ${run === undefined ? 'not run' : seconds(run.process.ms)}`,
    '',
    '## npm i <tarball>',
    '```',
    head(`${install.stdout}\n${install.stderr}`),
    '```',
    `- @opentelemetry/api copies: ${copies(outcome.api)}`,
    `- undici copies: ${copies(outcome.undici)}`,
  ];
  if (run !== undefined) {
    lines.push(
      '',
      '## The app',
      `- exit ${run.process.code}, finished: ${run.finished}`,
      ...run.problems.map((problem) => `- problem: ${head(problem, 3)}`),
      ...run.shutdownErrors.map((error) => `- the set-up's shutdown failed: ${head(error, 3)}`),
      ...run.probes.map(
        (probe) =>
          `- undici's global dispatcher slots at ${String(probe.when)}: ${JSON.stringify(probe.dispatchers)}`,
      ),
      `- vendor sink received: ${run.sink.length === 0 ? 'nothing' : [...new Set(run.sink)].join(', ')}`,
      `- spans received: ${run.spans.length}; scopes: ${[...new Set(run.spans.map(scopeOf))].join(', ')}`,
      '',
      '## Failure matrix',
      ...matrix(run),
      '',
      '## zscaler-otel-agent lines',
      '```',
      head(agentLines(run).join('\n')) || '(none)',
      '```',
      '',
      '## What the app printed (the distribution)',
      'stdout:',
      '```',
      head(run.process.stdout) || '(nothing)',
      '```',
      'stderr:',
      '```',
      head(run.process.stderr) || '(nothing)',
      '```',
    );
  }
  await writeFile(join(app.dir, 'report.md'), `${lines.join('\n')}\n`);
}
