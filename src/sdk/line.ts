/**
 * Which OpenTelemetry JS line the `@opentelemetry/api` this package resolves (the app's copy: a peer) is on,
 * found without loading the SDK bundle. The bundle (./index.ts) is the 3.x line: its modules use `api.logs`
 * and `api.SeverityNumber`, which api 1.9 lacks, and already fail while loading there.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The 3.x line's api: the bundle's packages peer `>=1.10.0 <1.11.0`. */
const MIN_MINOR = 10;

export type SdkLine = { readonly ok: true } | { readonly ok: false; readonly reason: string };

let cachedVersion: string | null | undefined;

/** The version of the `@opentelemetry/api` copy this package uses; undefined when it cannot be read. */
export function apiVersion(): string | undefined {
  if (cachedVersion === undefined) cachedVersion = readApiVersion() ?? null;
  return cachedVersion ?? undefined;
}

function readApiVersion(): string | undefined {
  // api 1.9 and 1.10 both export no ./package.json, so this usually throws; a later one may.
  try {
    const version = (require('@opentelemetry/api/package.json') as { version?: unknown }).version;
    if (typeof version === 'string') return version;
  } catch {}
  // From the resolved entry (build/src/index.js in 1.9, dist/index.cjs in 1.10) up to the package's folder.
  try {
    let dir = dirname(require.resolve('@opentelemetry/api'));
    for (let depth = 0; depth < 4; depth++) {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          name?: unknown;
          version?: unknown;
        };
        if (manifest.name === '@opentelemetry/api' && typeof manifest.version === 'string')
          return manifest.version;
      } catch {}
      dir = dirname(dir);
    }
  } catch {}
  return undefined;
}

/** `1.9.1` → [1, 9]; undefined for anything else. */
function majorMinor(version: string): readonly [number, number] | undefined {
  const match = /^(\d+)\.(\d+)\./.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** True when `version` is known to be older than the 3.x line's api (1.10). */
export function apiBelow3xLine(version: string | undefined): boolean {
  const parts = version === undefined ? undefined : majorMinor(version);
  return parts !== undefined && (parts[0] < 1 || (parts[0] === 1 && parts[1] < MIN_MINOR));
}

/**
 * Whether the bundled 3.x SDK (./index.ts) can run against the app's `@opentelemetry/api`. An unreadable
 * version falls back to looking for `api.logs`, which the 3.x packages call and 1.9 lacks.
 */
export function sdkLineSupported(): SdkLine {
  try {
    const version = apiVersion();
    if (apiBelow3xLine(version)) {
      return {
        ok: false,
        reason: `the app's @opentelemetry/api is ${version} (OpenTelemetry JS 2.x); the bundled instrumentations need api 1.10 (OpenTelemetry JS 3.x)`,
      };
    }
    if (version === undefined) {
      const api = require('@opentelemetry/api') as { logs?: { getLogger?: unknown } };
      if (typeof api.logs?.getLogger !== 'function') {
        return {
          ok: false,
          reason:
            "the app's @opentelemetry/api has no logs API (OpenTelemetry JS 2.x); the bundled instrumentations need api 1.10 (OpenTelemetry JS 3.x)",
        };
      }
    }
    return { ok: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `@opentelemetry/api cannot be loaded (${reason})` };
  }
}
