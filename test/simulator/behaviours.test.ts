import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { fetchToken, httpCall, jsonHeaders, ManualClock, useSimulator } from './helpers.js';

const env = useSimulator({
  clock: new ManualClock(),
  seed: 'behaviours',
  limits: { maxBodyBytes: 4096 },
  switches: { rateLimits: { enabled: false } },
});
let token = '';
beforeAll(async () => {
  token = await fetchToken(env.sim.port, 'behaviours');
});
beforeEach(() => {
  env.sim.control.update({ maintenance: false, lockHoldMs: 0 });
});

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(env.url('api.zsapi.net', path), {
    method,
    headers: { ...jsonHeaders(token), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

describe('ZIA edit lock', () => {
  it('lets one of several concurrent writers through and answers the others EDIT_LOCK_NOT_AVAILABLE', async () => {
    env.sim.control.update({ lockHoldMs: 150 });
    const writers = ['lock-a', 'lock-b', 'lock-c'].map((name) =>
      call('POST', '/zia/api/v1/firewallFilteringRules', { name }),
    );
    // Reads do not take the lock.
    const read = await call('GET', '/zia/api/v1/firewallFilteringRules');
    expect(read.status).toBe(200);
    const responses = await Promise.all(writers);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409, 409]);
    const conflicts = responses.filter((response) => response.status === 409);
    for (const conflict of conflicts)
      expect(await conflict.json()).toEqual({ code: 'EDIT_LOCK_NOT_AVAILABLE' });
    // Once the write is done the lock is free again; the activation takes it too.
    expect((await call('POST', '/zia/api/v1/status/activate', {})).status).toBe(200);
  });

  it('refuses a second object with the same name with DUPLICATE_ITEM', async () => {
    expect((await call('POST', '/zia/api/v1/urlCategories', { configuredName: 'Dup' })).status).toBe(200);
    const duplicate = await call('POST', '/zia/api/v1/urlCategories', { configuredName: 'dup' });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toEqual({ code: 'DUPLICATE_ITEM', message: 'DUPLICATE_ITEM' });
  });
});

describe('ZPA concurrent policy changes', () => {
  const reorder = (type: string) =>
    call('PUT', `/zpa/mgmtconfig/v1/admin/customers/7/policySet/rules/policyType/${type}/reorder`, [
      '1',
      '2',
    ]);

  it('answers a concurrent reorder of the same policy set with api.concurrent.access.error', async () => {
    env.sim.control.update({ lockHoldMs: 150 });
    const [first, second, other] = await Promise.all([
      reorder('ACCESS_POLICY'),
      reorder('ACCESS_POLICY'),
      reorder('TIMEOUT_POLICY'),
    ]);
    expect([first?.status, second?.status].sort()).toEqual([204, 409]);
    expect(other?.status).toBe(204);
    const conflict = first?.status === 409 ? first : second;
    expect(await conflict?.json()).toEqual({
      params: ['com.zscaler.zpn.model.PolicySet'],
      id: 'api.concurrent.access.error',
      reason: 'Unable to modify the resource due to concurrent change requests. Try again',
    });
  });
});

describe('415 for ZIA and Cloud & Branch Connector writes without application/json', () => {
  it('refuses POST and PUT with another or no content type, and lets DELETE through', async () => {
    const textPost = await call('POST', '/zia/api/v1/firewallFilteringRules', '{"name":"t"}', {
      'content-type': 'text/plain',
    });
    expect(textPost.status).toBe(415);
    expect(await textPost.text()).toBe('');
    const ztw = await fetch(env.url('api.zsapi.net', '/ztw/api/v1/ecAdminActivateStatus/activate'), {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ztw.status).toBe(415);
    const charset = await call(
      'POST',
      '/zia/api/v1/firewallFilteringRules',
      { name: 'charset' },
      {
        'content-type': 'application/json; charset=utf-8',
      },
    );
    expect(charset.status).toBe(200);
    const { id } = (await charset.json()) as { id: number };
    const remove = await fetch(env.url('api.zsapi.net', `/zia/api/v1/firewallFilteringRules/${id}`), {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(remove.status).toBe(204);
  });
});

describe('maintenance window', () => {
  it('answers ZIA and ZTW writes 403 STATE_READONLY with x-zscaler-mode: read-only while on', async () => {
    env.sim.control.update({ maintenance: true });
    const write = await call('POST', '/zia/api/v1/firewallFilteringRules', { name: 'during-upgrade' });
    expect(write.status).toBe(403);
    expect(write.headers.get('x-zscaler-mode')).toBe('read-only');
    expect(await write.json()).toEqual({
      code: 'STATE_READONLY',
      message: 'The API service is undergoing a scheduled upgrade and is in read-only mode.',
    });
    expect((await call('PUT', '/ztw/api/v1/ecAdminActivateStatus/activate', {})).status).toBe(403);
    const read = await call('GET', '/zia/api/v1/users');
    expect(read.status).toBe(200);
    expect(read.headers.get('x-zscaler-mode')).toBe('read-only');
    // ZPA has no such mode.
    expect(
      (await call('POST', '/zpa/mgmtconfig/v1/admin/customers/7/segmentGroup', { name: 'g' })).status,
    ).toBe(201);
  });

  it('is switched off over the control path', async () => {
    env.sim.control.update({ maintenance: true });
    const off = await fetch(env.url('api.zsapi.net', '/__simulator/switches'), {
      method: 'POST',
      body: JSON.stringify({ maintenance: false }),
    });
    expect(off.status).toBe(200);
    const write = await call('POST', '/zia/api/v1/firewallFilteringRules', { name: 'after-upgrade' });
    expect(write.status).toBe(200);
    expect(write.headers.get('x-zscaler-mode')).toBe('read-write');
  });
});

describe('413 over the size limit', () => {
  it('refuses a body with a larger Content-Length on the gateway, with a request id', async () => {
    const response = await call('POST', '/zia/api/v1/firewallFilteringRules', {
      name: 'big',
      description: 'x'.repeat(5000),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('x-oneapi-request-id')).not.toBeNull();
    expect(await response.text()).toBe('Payload Too Large');
  });

  it('refuses a chunked body that grows past the limit on a legacy host, without buffering it', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(env.url('zsapi.zscaler.net', '/api/v1/authenticatedSession'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      for (let i = 0; i < 10; i++) request.write('x'.repeat(1000));
      request.end();
    });
    expect(status).toBe(413);
  });
});

describe('fault switches', () => {
  it('answers the next N calls of a service 503 retryable.server.error with Retry-After: 10s', async () => {
    env.sim.control.update({ fault: { service: 'zia', status: 503, count: 2 } });
    for (let i = 0; i < 2; i++) {
      const response = await call('GET', '/zia/api/v1/users');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('10s');
      expect(await response.json()).toEqual({
        id: 'retryable.server.error',
        reason: 'An error occurred. Refer to the Retry-After header, and then try again.',
      });
    }
    expect((await call('GET', '/zia/api/v1/users')).status).toBe(200);
  });

  it('answers 504 for one service only, set over the control path', async () => {
    await fetch(env.url('api.zsapi.net', '/__simulator/switches'), {
      method: 'POST',
      body: JSON.stringify({ fault: { service: 'zpa', status: 504, count: 1 } }),
    });
    expect((await call('GET', '/zcc/papi/public/v1/getDevices')).status).toBe(200);
    const timeout = await call('GET', '/zpa/mgmtconfig/v1/admin/customers/7/application');
    expect(timeout.status).toBe(504);
    expect(await timeout.text()).toBe('upstream request timeout');
    expect((await call('GET', '/zpa/mgmtconfig/v1/admin/customers/7/application')).status).toBe(200);
  });
});

describe('gzip and request ids', () => {
  it('gzips success and error bodies when the client accepts gzip', async () => {
    for (const authorization of [`Bearer ${token}`, 'Bearer wrong']) {
      const response = await httpCallRaw(env.url('api.zsapi.net', '/zia/api/v1/users'), {
        authorization,
        'accept-encoding': 'gzip, deflate',
      });
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(() => JSON.parse(gunzipSync(response.body).toString('utf8'))).not.toThrow();
    }
    const plain = await httpCall(env.url('api.zsapi.net', '/zia/api/v1/users'), {
      headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip;q=0' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    // fetch decodes it: the JSON arrives intact.
    const fetched = await call('GET', '/zia/api/v1/users', undefined, { 'accept-encoding': 'gzip' });
    expect(Array.isArray(await fetched.json())).toBe(true);
  });

  it('gives every gateway response its own x-oneapi-request-id and reproduces them from a seed', async () => {
    const ids = new Set<string | null>();
    for (let i = 0; i < 3; i++)
      ids.add((await call('GET', '/zia/api/v1/status')).headers.get('x-oneapi-request-id'));
    expect(ids.size).toBe(3);
    const runs = [];
    for (let run = 0; run < 2; run++) {
      const sim = await startSimulator({ seed: 42 });
      const response = await fetch(`http://api.zsapi.net:${sim.port}/zia/api/v1/status`);
      runs.push(response.headers.get('x-oneapi-request-id'));
      await sim.close();
    }
    expect(runs[0]).toBe(runs[1]);
  });
});

describe('control path', () => {
  it('reports the switches and rejects an invalid patch without changing anything', async () => {
    const before = await (await fetch(env.url('127.0.0.1', '/__simulator/switches'))).json();
    for (const patch of [
      '{"fault":{"service":"nope"}}',
      '{"lockHoldMs":-1}',
      '{"colour":"blue"}',
      'not json',
      '[]',
    ]) {
      const response = await fetch(env.url('127.0.0.1', '/__simulator/switches'), {
        method: 'POST',
        body: patch,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
    expect(await (await fetch(env.url('127.0.0.1', '/__simulator/switches'))).json()).toEqual(before);
    expect(() => env.sim.control.update({ lockHoldMs: 1.5 })).toThrow(/whole number/);
  });
});

function httpCallRaw(url: string, headers: Record<string, string>) {
  return new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}
