import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('package', () => {
  it('pins Node >= 22.15 and serves require and import for . and ./register', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.engines.node).toBe('>=22.15.0');
    for (const entry of ['.', './register']) {
      expect(pkg.exports[entry].require).toMatch(/\.js$/);
      expect(pkg.exports[entry].import).toMatch(/\.mjs$/);
    }
    expect(pkg.bin['zscaler-otel-agent']).toBe('./dist/cli/main.js');
  });
});
