/**
 * What `npm pack` would publish: the built code with its declarations and source maps (each carrying its
 * sources, as src/ is not shipped), the dashboards and alert rules users provision — nothing else there, as
 * Grafana and Prometheus read whole folders — the README, LICENSE and package.json. And what the README points
 * at is in the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { npm } from './compat/install.js';
import { ensureBuilt, repoRoot } from './e2e/ensure-built.js';

const SHIPPED = [
  /^dist\/.+\.(js|mjs|d\.ts|d\.mts|js\.map|mjs\.map)$/,
  /^dashboards\/zscaler-[a-z-]+\.json$/,
  /^dashboards\/alerts\/[a-z-]+\.rules\.yml$/,
  /^(README\.md|LICENSE|package\.json)$/,
];

let files: string[] = [];

beforeAll(async () => {
  ensureBuilt();
  // --ignore-scripts: prepack would build again; ensureBuilt has built under the lock the e2e tests share.
  const packed = await npm(['pack', '--dry-run', '--json', '--ignore-scripts'], repoRoot);
  expect(packed.code, packed.stderr).toBe(0);
  files = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
}, 60_000);

describe('npm pack', () => {
  it('ships only the built code, the dashboards, the alert rules, README, LICENSE and package.json', () => {
    expect(files.filter((path) => !SHIPPED.some((pattern) => pattern.test(path)))).toEqual([]);
    for (const entry of ['dist/index.js', 'dist/agent/register.js', 'dist/agent/register.mjs', 'LICENSE'])
      expect(files).toContain(entry);
    expect(files.filter((path) => path.startsWith('dashboards/')).sort()).toEqual([
      'dashboards/alerts/zscaler-otel-agent.rules.yml',
      'dashboards/zscaler-overview.json',
      'dashboards/zscaler-rate-limits-conflicts.json',
    ]);
  });

  it('ships no source map that points at a file not in the package', () => {
    const maps = files.filter((path) => path.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(100);
    const incomplete = maps.filter((path) => {
      const map = JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      return map.sources.some((_, i) => typeof map.sourcesContent?.[i] !== 'string');
    });
    expect(incomplete).toEqual([]);
  });
});

describe('README', () => {
  it('links only to files the repository holds', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const targets = [...readme.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
      .map((match) => match[1] ?? '')
      .filter((target) => !/^[a-z]+:/.test(target));
    expect(targets.filter((target) => !existsSync(join(repoRoot, target)))).toEqual([]);
    expect(readme).not.toMatch(/CONTRACT\.md|ARCHITECTURE\.md|\.\.\/shared/);
  });
});
