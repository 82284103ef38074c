/**
 * What the preload child-process test files share, set up once per file: the built package, an app home where
 * `zscaler-otel-agent` resolves to this repository, a ZPA double answering 429, and an OTLP receiver in the
 * collector's place (set to `fault` from the start). The fields are there from the file's first test on.
 */
import { afterAll, beforeAll } from 'vitest';
import { type OtlpReceiver, type ReceiverFault, startOtlpReceiver } from '../../src/receiver/index.js';
import { ensureBuilt } from './ensure-built.js';
import { createAppHome, startZpaDouble, type ZpaDouble } from './preload-harness.js';

export interface PreloadWorld {
  readonly home: Awaited<ReturnType<typeof createAppHome>>;
  readonly zpa: ZpaDouble;
  readonly receiver: OtlpReceiver;
}

export function usePreloadWorld(fault: ReceiverFault = 'none'): PreloadWorld {
  const world: Partial<{ -readonly [K in keyof PreloadWorld]: PreloadWorld[K] }> = {};
  beforeAll(async () => {
    ensureBuilt();
    world.home = await createAppHome();
    world.zpa = await startZpaDouble();
    world.receiver = await startOtlpReceiver();
    if (fault !== 'none') await world.receiver.setFault(fault);
  });
  afterAll(async () => {
    await Promise.all([world.home?.remove(), world.zpa?.close(), world.receiver?.close()]);
  });
  return world as PreloadWorld;
}
