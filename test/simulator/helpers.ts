import http from 'node:http';
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

export interface HttpResult {
  readonly status: number;
  readonly headers: import('node:http').IncomingHttpHeaders;
  readonly text: string;
  json(): unknown;
}

/** One request with node:http (the client axios and most SDK-less code use), body as text. */
export function httpCall(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: () => JSON.parse(text),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}
