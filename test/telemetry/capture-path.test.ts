/**
 * Which way undici error bodies reach the agent on this Node: natively from the body channel (Node >= 24.4,
 * bundled undici >= 7.11), or through the undici 7 dispatcher the agent installs (Node 22) — and that the
 * fallback respects an app's own dispatcher, the proxy variables and capture being off.
 */
import { SpanKind } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { undiciBodySource } from '../../src/telemetry/undici-body.js';
import { type FixtureServer, startFixtureServer } from '../support/zscaler-fixture-server.js';
import { finishedSpans, setUpTelemetry } from './harness.js';

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const globals = globalThis as Record<symbol, unknown>;
const [major = 0, minor = 0] = (process.versions.undici ?? '').split('.').map(Number);
const nativeChannel = major > 7 || (major === 7 && minor >= 11);

// On Node 22 the fixture server's ESM import of node:http already made Node install its own default Agent.
const nodeDefault = globals[GLOBAL_DISPATCHER];
const harness = setUpTelemetry();
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    lock: {
      status: 409,
      headers: { 'content-type': 'application/json' },
      body: '{"code":"EDIT_LOCK_NOT_AVAILABLE"}',
    },
  });
});
afterAll(() => server.close());

describe(`Node ${process.versions.node} (bundled undici ${process.versions.undici})`, () => {
  test.runIf(nativeChannel)(
    'reads bodies from the native channel, fetch stays on the bundled undici',
    async () => {
      expect(undiciBodySource()).toBe('native');
      await fetch(server.url('localhost', '/', 'lock'));
      // Still Node's own Agent: the agent installed none, and loading the package now does not replace it.
      const undici = await import('undici');
      expect(globals[GLOBAL_DISPATCHER]).not.toBeInstanceOf(undici.Dispatcher);
    },
  );

  test.runIf(!nativeChannel)('runs fetch on the undici 7 Agent it installed', async () => {
    const undici = await import('undici');
    expect(undiciBodySource()).toBe('agent-dispatcher');
    expect(globals[GLOBAL_DISPATCHER]).toBeInstanceOf(undici.Agent);
    expect(globals[GLOBAL_DISPATCHER]).not.toBeInstanceOf(undici.EnvHttpProxyAgent);
  });

  test('fetch error bodies arrive on that path', async () => {
    harness.exporter.reset();
    const response = await fetch(server.url('api.zsapi.net', '/zia/api/v1/urlCategories', 'lock'), {
      method: 'PUT',
    });
    expect(await response.json()).toEqual({ code: 'EDIT_LOCK_NOT_AVAILABLE' });
    const spans = (await finishedSpans(harness.exporter, 2)).filter((span) => span.kind === SpanKind.CLIENT);
    expect(spans.map((span) => span.attributes['zscaler.error.id'])).toEqual(['EDIT_LOCK_NOT_AVAILABLE']);
  });
});

describe.skipIf(nativeChannel)('the Node 22 fallback', () => {
  let saved: unknown;
  let savedProxy: string | undefined;
  beforeAll(() => {
    saved = globals[GLOBAL_DISPATCHER];
    savedProxy = process.env.NODE_USE_ENV_PROXY;
  });
  afterEach(() => {
    globals[GLOBAL_DISPATCHER] = saved;
    if (savedProxy === undefined) delete process.env.NODE_USE_ENV_PROXY;
    else process.env.NODE_USE_ENV_PROXY = savedProxy;
  });

  /** A fresh copy of the module, as in a new process. */
  async function freshPrepare(): Promise<typeof import('../../src/telemetry/undici-body.js')> {
    vi.resetModules();
    return import('../../src/telemetry/undici-body.js');
  }

  test('leaves a dispatcher the app installed first alone', async () => {
    const undici = await import('undici');
    // Configured, so the app's choice: kept even though it publishes no body chunks.
    const own = new undici.Agent({ connections: 4 });
    globals[GLOBAL_DISPATCHER] = own;
    const { prepareUndiciBodies } = await freshPrepare();
    expect(prepareUndiciBodies(true)).toBe('app-dispatcher');
    expect(globals[GLOBAL_DISPATCHER]).toBe(own);
    await own.close();
  });

  test("replaces Node's own default Agent, created before the agent started", async () => {
    const undici = await import('undici');
    expect(nodeDefault).toBeDefined();
    expect(nodeDefault).not.toBeInstanceOf(undici.Dispatcher);
    globals[GLOBAL_DISPATCHER] = nodeDefault;
    const { prepareUndiciBodies } = await freshPrepare();
    expect(prepareUndiciBodies(true)).toBe('agent-dispatcher');
    expect(globals[GLOBAL_DISPATCHER]).toBeInstanceOf(undici.Agent);
  });

  test('keeps proxying when Node was asked to honour the proxy variables', async () => {
    const undici = await import('undici');
    globals[GLOBAL_DISPATCHER] = undefined;
    process.env.NODE_USE_ENV_PROXY = '1';
    const { prepareUndiciBodies } = await freshPrepare();
    expect(prepareUndiciBodies(true)).toBe('agent-dispatcher');
    expect(globals[GLOBAL_DISPATCHER]).toBeInstanceOf(undici.EnvHttpProxyAgent);
  });

  test('installs nothing when body capture is off', async () => {
    globals[GLOBAL_DISPATCHER] = undefined;
    const { prepareUndiciBodies, undiciBodySource: source } = await freshPrepare();
    expect(prepareUndiciBodies(false)).toBe('off');
    expect(source()).toBe('off');
    expect(globals[GLOBAL_DISPATCHER]).toBeUndefined();
  });
});
