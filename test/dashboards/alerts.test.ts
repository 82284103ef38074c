/**
 * The Prometheus alerting rules in dashboards/alerts/ (CONTRACT.md "Metrics": valid for `promtool check
 * rules`), and their unit tests run by `promtool test rules`: each alert fires and does not fire on both
 * naming paths, with exact labels and annotations.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { promtool } from '../support/prometheus.js';

const dir = fileURLToPath(new URL('../../dashboards/alerts/', import.meta.url));
const rulesFile = 'zscaler-otel-agent.rules.yml';
const testsFile = 'zscaler-otel-agent.rules.test.yml';
const rules = readFileSync(`${dir}${rulesFile}`, 'utf8');
const tests = readFileSync(`${dir}${testsFile}`, 'utf8');

/** Each `- alert:` entry of the rule file, as its name and its text up to the next rule. */
const alerts = rules
  .split(/^ {6}- alert: /m)
  .slice(1)
  .map((text) => ({ name: text.slice(0, text.indexOf('\n')).trim(), text }));

/** Each test group of the unit-test file: its name and, per `alert_rule_test` entry, alert and outcome. */
const groups = tests
  .split(/^ {2}- name: /m)
  .slice(1)
  .map((text) => ({
    name: text.slice(0, text.indexOf('\n')),
    text,
    checks: [...text.matchAll(/alertname: (\w+)\n\s+exp_alerts:( \[\])?/g)].map((match) => ({
      alert: match[1],
      fires: match[2] === undefined,
    })),
  }));

const paths = ['collector path', 'scraped path'] as const;

describe('alerting rules (dashboards/alerts)', () => {
  it('are valid rules for promtool check rules', async () => {
    const { code, output } = await promtool(['check', 'rules', rulesFile], dir);
    expect(code, output).toBe(0);
    expect(output).toContain(`SUCCESS: ${alerts.length} rules found`);
  });

  it('pass their unit tests (promtool test rules)', async () => {
    const { code, output } = await promtool(['test', 'rules', testsFile], dir);
    expect(code, output).toBe(0);
    expect(output).toContain('SUCCESS');
  });

  it('are the five alerts of issue 11', () => {
    expect(alerts.map((alert) => alert.name)).toEqual([
      'ZscalerEarlyRetries',
      'ZscalerRateLimitedRatioHigh',
      'ZscalerConflictsSustained',
      'ZscalerRetryAfterLong',
      'ZscalerErrorRatioHigh',
    ]);
  });

  it.each(alerts)('$name has for:, a severity, and a summary and description that locate the problem', ({
    text,
  }) => {
    expect(text).toMatch(/^ {8}for: \d+m$/m);
    expect(text).toMatch(/^ {10}severity: (warning|critical)$/m);
    const summary = text.match(/^ {10}summary: (.*)$/m)?.[1] ?? '';
    const description = text.match(/^ {10}description: >-\n((?: {12}.*\n?)+)/m)?.[1] ?? '';
    for (const annotation of [summary, description]) {
      expect(annotation).toContain('{{ $labels.job }}');
      expect(annotation).toContain('{{ $labels.zscaler_service }}');
    }
    expect(description).toContain('$value');
  });

  it.each(
    alerts.flatMap(({ name }) => paths.map((path) => ({ name, path }))),
  )('$name fires and does not fire in a unit test on the $path', ({ name, path }) => {
    const checks = groups.filter((group) => group.name.includes(path)).flatMap((group) => group.checks);
    const outcomes = checks.filter((check) => check.alert === name).map((check) => check.fires);
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
  });

  it('feeds each naming path its own histogram names', () => {
    for (const group of groups) {
      if (group.name.includes('collector path')) expect(group.text).not.toMatch(/retry_after_bucket/);
      if (group.name.includes('scraped')) expect(group.text).not.toMatch(/_seconds_bucket/);
    }
    expect(tests).toContain('zscaler_api_retry_after_seconds_bucket{');
    expect(tests).toContain('zscaler_api_retry_after_bucket{');
  });
});
