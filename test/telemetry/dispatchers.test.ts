/**
 * Whatever global dispatcher fetch runs on — Node's bundled undici (6 on Node 22, 7 on Node 24), an app's
 * own undici 6 Agent (as EDOT's OpAMP client installs), 7, or 8 (no `onData`: bodies from the chunk channel), an
 * EnvHttpProxyAgent — error bodies reach the processor, and the agent never replaces the app's dispatcher.
 */
import { SpanKind } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/zscaler-fixture-server.js';
import { finishedSpans, setUpTelemetry } from './harness.js';

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const globals = globalThis as Record<symbol, unknown>;
const harness = setUpTelemetry({}, 'stock');
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    lock: {
      status: 409,
      headers: { 'content-type': 'application/json' },
      body: '{"code":"EDIT_LOCK_NOT_AVAILABLE","message":"Resource is locked"}',
    },
  });
});
afterAll(() => server.close());

interface Undici {
  setGlobalDispatcher(dispatcher: never): void;
}
interface Closable {
  close(): Promise<void>;
}

/** A dispatcher of the app's, installed the way the app would: through its undici's setGlobalDispatcher. */
type Install = () => Promise<Closable | undefined>;
function through<T extends Closable>(undici: Undici, dispatcher: T): T {
  undici.setGlobalDispatcher(dispatcher as never);
  return dispatcher;
}

const dispatchers: ReadonlyArray<readonly [string, Install]> = [
  [`Node's bundled undici ${process.versions.undici}`, async () => undefined],
  ['an undici 6 Agent', async () => through(await import('undici6'), new (await import('undici6')).Agent())],
  ['an undici 7 Agent', async () => through(await import('undici'), new (await import('undici')).Agent())],
  ['an undici 8 Agent', async () => through(await import('undici8'), new (await import('undici8')).Agent())],
  [
    'an undici 7 EnvHttpProxyAgent (no proxy set)',
    async () => through(await import('undici'), new (await import('undici')).EnvHttpProxyAgent()),
  ],
];

// undici <= 7 keeps the global dispatcher under .1; undici 8 under .2, with a wrapper under .1 for Node's fetch.
const SLOTS = [Symbol.for('undici.globalDispatcher.1'), Symbol.for('undici.globalDispatcher.2')];

describe.each(dispatchers)('fetch on %s', (_name, install) => {
  let dispatcher: Closable | undefined;
  let saved: unknown[] = [];
  beforeAll(async () => {
    saved = SLOTS.map((slot) => globals[slot]);
    dispatcher = await install();
  });
  afterEach(() => harness.exporter.reset());
  afterAll(async () => {
    SLOTS.forEach((slot, index) => {
      globals[slot] = saved[index];
    });
    await dispatcher?.close();
  });

  test('the error body reaches the span; the dispatcher stays the app’s', async () => {
    const installed = globals[GLOBAL_DISPATCHER];
    const response = await fetch(server.url('api.zsapi.net', '/zia/api/v1/urlCategories', 'lock'), {
      method: 'PUT',
    });
    expect(await response.json()).toEqual({ code: 'EDIT_LOCK_NOT_AVAILABLE', message: 'Resource is locked' });
    const spans = (await finishedSpans(harness.exporter, 2)).filter((span) => span.kind === SpanKind.CLIENT);
    expect(
      spans.map((span) => [span.attributes['zscaler.error.id'], span.attributes['zscaler.error.reason']]),
    ).toEqual([['EDIT_LOCK_NOT_AVAILABLE', 'Resource is locked']]);
    // Still the one fetch started on (Node creates its own on first use when none is set).
    if (installed !== undefined) expect(globals[GLOBAL_DISPATCHER]).toBe(installed);
  });
});
