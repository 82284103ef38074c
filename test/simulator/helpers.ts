import { afterAll, beforeAll } from 'vitest';
import {
  DEFAULT_CLIENT_SECRET,
  installLoopbackResolver,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/simulator/index.js';

/** A clock the test moves by hand: rate-limit windows and token expiry follow it. */
export class ManualClock {
  constructor(public time = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/**
 * Starts a simulator and the loopback resolver for the tests of one file, so that clients call real Zscaler
 * host names (`api.zsapi.net:<port>`) and reach it.
 */
export function useSimulator(options: SimulatorOptions = {}): {
  readonly sim: Simulator;
  url(host: string, path: string): string;
} {
  const state: { sim?: Simulator } = {};
  let restore = () => {};
  beforeAll(async () => {
    state.sim = await startSimulator(options);
    restore = installLoopbackResolver().restore;
  });
  afterAll(async () => {
    restore();
    await state.sim?.close();
  });
  return {
    get sim(): Simulator {
      if (state.sim === undefined) throw new Error('simulator not started');
      return state.sim;
    },
    url(host: string, path: string): string {
      return `http://${host}:${this.sim.port}${path}`;
    },
  };
}

/** A bearer token from the ZIdentity token endpoint of `vanity`. */
export async function fetchToken(
  port: number,
  vanity = 'acme',
  secret = DEFAULT_CLIENT_SECRET,
): Promise<string> {
  const response = await fetch(`http://${vanity}.zslogin.net:${port}/oauth2/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'workload',
      client_secret: secret,
      audience: 'https://api.zscaler.com',
    }),
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

export function jsonHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}
