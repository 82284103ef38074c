import { beforeEach, describe, expect, it } from 'vitest';
import { fetchToken, jsonHeaders, ManualClock, useSimulator } from './helpers.js';

const clock = new ManualClock();
const env = useSimulator({ clock, seed: 'limits', switches: { lockHoldMs: 0 } });
let token = '';
beforeEach(async () => {
  // Each test starts in fresh windows, with a fresh token (the old one expired with the hour).
  clock.advance(3_600_000);
  env.sim.control.update({ rateLimits: { enabled: true, scale: 1 } });
  token = await fetchToken(env.sim.port, 'limits');
});

function call(method: string, path: string, body?: unknown) {
  return fetch(env.url('api.zsapi.net', path), {
    method,
    headers: jsonHeaders(token),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function statuses(count: number, method: string, path: string, body?: unknown): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await call(method, path, body)).status);
  return result;
}

describe('ZIA per-endpoint limits (GET 2/s, POST/PUT 1/s, DELETE 1/min)', () => {
  it('answers the third GET in a second with 429, integer Retry-After and the captured body', async () => {
    expect(await statuses(2, 'GET', '/zia/api/v1/urlCategories')).toEqual([200, 200]);
    const limited = await call('GET', '/zia/api/v1/urlCategories');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({
      message: 'Rate Limit (2/SECOND) exceeded',
      'Retry-After': '1 seconds',
    });
    // Another endpoint has its own window; the same one opens again a second later.
    expect((await call('GET', '/zia/api/v1/users')).status).toBe(200);
    clock.advance(1000);
    expect((await call('GET', '/zia/api/v1/urlCategories')).status).toBe(200);
  });

  it('limits POST to one a second', async () => {
    expect((await call('POST', '/zia/api/v1/firewallFilteringRules', { name: 'first' })).status).toBe(200);
    const limited = await call('POST', '/zia/api/v1/firewallFilteringRules', { name: 'second' });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({
      message: 'Rate Limit (1/SECOND) exceeded',
      'Retry-After': '1 seconds',
    });
  });

  it('limits DELETE to one a minute, with the seconds left in Retry-After', async () => {
    const ids: number[] = [];
    for (const name of ['del-a', 'del-b']) {
      clock.advance(1000);
      const created = await call('POST', '/zia/api/v1/firewallFilteringRules', { name });
      ids.push(((await created.json()) as { id: number }).id);
    }
    expect((await call('DELETE', `/zia/api/v1/firewallFilteringRules/${ids[0]}`)).status).toBe(204);
    clock.advance(20_000);
    const limited = await call('DELETE', `/zia/api/v1/firewallFilteringRules/${ids[1]}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(await limited.json()).toEqual({
      message: 'Rate Limit (1/MINUTE) exceeded',
      'Retry-After': '40 seconds',
    });
  });

  it('scales and disables the limits at run time, also over the control path', async () => {
    env.sim.control.update({ rateLimits: { scale: 2 } });
    expect(await statuses(5, 'GET', '/zia/api/v1/users')).toEqual([200, 200, 200, 200, 429]);
    const limited = await call('GET', '/zia/api/v1/users');
    expect(((await limited.json()) as { message: string }).message).toBe('Rate Limit (4/SECOND) exceeded');

    const off = await fetch(env.url('api.zsapi.net', '/__simulator/switches'), {
      method: 'POST',
      body: JSON.stringify({ rateLimits: { enabled: false } }),
    });
    expect(((await off.json()) as { rateLimits: unknown }).rateLimits).toEqual({ enabled: false, scale: 2 });
    expect(await statuses(3, 'GET', '/zia/api/v1/users')).toEqual([200, 200, 200]);
  });
});

describe('ZPA per-customer limits (20 GETs, 10 writes per 10 s)', () => {
  const base = '/zpa/mgmtconfig/v1/admin/customers/1001';

  it('answers the 21st GET with invalid.toomanyrequests and retry-after in the "Ns" form', async () => {
    const results = await statuses(20, 'GET', `${base}/application`);
    expect(results.every((status) => status === 200)).toBe(true);
    clock.advance(6000);
    const limited = await call('GET', `${base}/segmentGroup`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('4s');
    expect(await limited.json()).toEqual({
      exception: 'invalid.toomanyrequests',
      id: 'invalid.toomanyrequests',
      reason: 'Exceeded the number of requests allowed.',
    });
    clock.advance(4000);
    expect((await call('GET', `${base}/application`)).status).toBe(200);
  });

  it('counts POST, PUT and DELETE together: the 11th write is refused', async () => {
    const results = await statuses(11, 'POST', `${base}/segmentGroup`, { name: 'x' });
    // Names repeat, ZPA allows that; only the limit refuses.
    expect(results.slice(0, 10).every((status) => status === 201)).toBe(true);
    expect(results[10]).toBe(429);
  });
});

describe('Client Connector hourly limit (100/h)', () => {
  it('counts down X-Rate-Limit-Remaining and refuses the 101st call with X-Rate-Limit-Retry-After-Seconds', async () => {
    const first = await call('GET', '/zcc/papi/public/v1/getDevices');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('99');
    expect(first.headers.get('x-ratelimit-limit')).toBe('100, 100;w=3600, 100;w=3600');
    await statuses(99, 'GET', '/zcc/papi/public/v1/getDevices');
    clock.advance(600_000);
    const limited = await call('GET', '/zcc/papi/public/v1/getDevices');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-retry-after-seconds')).toBe('3000');
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
  });
});

describe('gateway bucket headers', () => {
  it('reports x-ratelimit-limit, a falling remaining and the seconds to reset', async () => {
    const first = await call('GET', '/zdx/v1/devices');
    const second = await call('GET', '/zdx/v1/devices');
    expect(first.headers.get('x-ratelimit-limit')).toBe('1000, 1000;w=1');
    expect(Number(first.headers.get('x-ratelimit-remaining')) - 1).toBe(
      Number(second.headers.get('x-ratelimit-remaining')),
    );
    const zia = await call('GET', '/zia/api/v1/status');
    expect(zia.headers.get('x-ratelimit-limit')).toBe('5000, 5000;w=60');
    expect(Number(zia.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
    expect(Number(zia.headers.get('x-ratelimit-reset'))).toBeLessThanOrEqual(60);
  });
});
