/** The per-route memory behind `zscaler.retry.*`: bounded, windowed, keyed without the query. */
import { describe, expect, test } from 'vitest';
import { MAX_ROUTES, RETRY_WINDOW_MS, RetryMemory, routeKey } from '../../src/telemetry/retries.js';

describe('RetryMemory', () => {
  test('forgets the least recently failed route first, past its bound', () => {
    const memory = new RetryMemory(3);
    for (const route of ['a', 'b', 'c']) memory.failed(route, 0, undefined, 0);
    memory.failed('a', 1, undefined, 0); // a is the most recent now
    memory.failed('d', 2, undefined, 0);
    expect(memory.size).toBe(3);
    expect(memory.repeatOf('b', 10)).toBeUndefined();
    expect(memory.repeatOf('a', 10)?.attempt).toBe(1);
    expect(MAX_ROUTES).toBe(1024);
  });

  test('a route that failed within the last half of the bound is never the one forgotten', () => {
    const memory = new RetryMemory(4);
    for (let index = 0; index < 100; index++) {
      memory.failed(`other ${index}`, index, undefined, 0);
      if (index % 2 === 0) memory.failed('hot', index, 13, index);
      expect(memory.size).toBeLessThanOrEqual(4);
      expect(memory.repeatOf('hot', 1000)?.attempt).toBe(index - (index % 2) + 1);
    }
    // Updated in place, the route answers with its last error.
    expect(memory.repeatOf('hot', 1000)).toMatchObject({ asked: 13, waited: (1000 - 98) / 1000 });
  });

  test('a request 15 minutes or more after the error is no repeat, and the route is forgotten', () => {
    const memory = new RetryMemory();
    memory.failed('r', 0, 13, 0);
    expect(memory.repeatOf('r', RETRY_WINDOW_MS - 1)?.waited).toBeCloseTo(900, 2);
    expect(memory.repeatOf('r', RETRY_WINDOW_MS)).toBeUndefined();
    expect(memory.size).toBe(0);
  });

  test('a request that started before the error ended is a concurrent one, not a repeat', () => {
    const memory = new RetryMemory();
    memory.failed('r', 1000, 13, 0);
    expect(memory.repeatOf('r', 999)).toBeUndefined();
  });

  test('early only when the wait fell short of Retry-After by more than 0.1 s', () => {
    const memory = new RetryMemory();
    memory.failed('r', 0, 13, 2);
    expect(memory.repeatOf('r', 12_899)).toMatchObject({ attempt: 3, early: true });
    expect(memory.repeatOf('r', 12_900)).toMatchObject({ attempt: 3, early: false });
  });
});

test('routeKey leaves out query and fragment', () => {
  expect(routeKey('api.zsapi.net', 'GET', '/zia/api/v1/users?page=2#x')).toBe(
    'GET api.zsapi.net/zia/api/v1/users',
  );
  expect(routeKey('api.zsapi.net', 'GET', '/zia/api/v1/users#x?y')).toBe(
    'GET api.zsapi.net/zia/api/v1/users',
  );
  expect(routeKey('h', 'PUT', '/p')).toBe('PUT h/p');
});

test('routeKey: a repeated request gets the same key, and any difference gives its own', () => {
  const path = '/zpa/mgmtconfig/v1/admin/customers/1/application';
  const first = routeKey('api.zsapi.net', 'GET', path);
  expect(routeKey('api.zsapi.net', 'GET', `${path}`)).toBe(first);
  expect(routeKey('api.zsapi.net', 'PUT', path)).toBe(`PUT api.zsapi.net${path}`);
  expect(routeKey('api.zsapi.net', 'PUT', path)).toBe(`PUT api.zsapi.net${path}`);
  expect(routeKey('eu.zsapi.net', 'PUT', path)).toBe(`PUT eu.zsapi.net${path}`);
  expect(routeKey('eu.zsapi.net', 'PUT', `${path}/2?x=1`)).toBe(`PUT eu.zsapi.net${path}/2`);
  expect(routeKey('api.zsapi.net', 'GET', path)).toBe(first);
});
