/**
 * The preload loads what its configuration names: @grpc/grpc-js (and node:http2 under it, together about 55 ms
 * of start-up) only once a gRPC exporter makes its client.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from '../e2e/ensure-built.js';

const REPORT =
  'console.log(JSON.stringify({ grpc: Object.keys(require.cache).some((p) => p.includes("/@grpc/grpc-js/")), http2: process.moduleLoadList.includes("NativeModule http2") }))';

function loadedAtStart(protocol: string): Promise<{ grpc: boolean; http2: boolean }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--require', join(repoRoot, 'dist/agent/register.js'), '-e', REPORT],
      {
        env: {
          PATH: process.env.PATH ?? '',
          OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
          // Nothing listens there; the app ends before any export.
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
          ZSCALER_OTEL_SHUTDOWN_TIMEOUT_MS: '200',
        },
      },
      (error, stdout) => {
        const line = stdout.split('\n').find((text) => text.startsWith('{'));
        if (line === undefined) reject(error ?? new Error(`no report in ${stdout}`));
        else resolve(JSON.parse(line));
      },
    );
  });
}

describe('what the preload loads at start-up', () => {
  beforeAll(() => ensureBuilt());

  for (const protocol of ['http/protobuf', 'http/json', 'grpc']) {
    it(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol}: no gRPC library before the app's first line`, async () => {
      expect(await loadedAtStart(protocol)).toEqual({ grpc: false, http2: false });
    });
  }
});
