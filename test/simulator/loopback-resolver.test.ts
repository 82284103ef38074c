import dns from 'node:dns';
import { promisify } from 'node:util';
import axios from 'axios';
import { request as undiciRequest } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { installLoopbackResolver } from '../../src/simulator/index.js';
import { httpCall, useSimulator } from './helpers.js';

describe('installLoopbackResolver', () => {
  let restore = () => {};
  afterEach(() => restore());

  it('answers every dns.lookup form with 127.0.0.1 for Zscaler names', async () => {
    ({ restore } = installLoopbackResolver());
    const callback = (...args: unknown[]) =>
      new Promise<unknown[]>((resolve) =>
        (dns.lookup as (...a: unknown[]) => void)(...args, (...result: unknown[]) => resolve(result)),
      );
    expect(await callback('api.zsapi.net')).toEqual([null, '127.0.0.1', 4]);
    expect(await callback('acme.zslogin.net', 6)).toEqual([null, '127.0.0.1', 4]);
    expect(await callback('zsapi.zscalertwo.net', { family: 0, hints: dns.ADDRCONFIG })).toEqual([
      null,
      '127.0.0.1',
      4,
    ]);
    expect(await callback('config.private.zscaler.com', { all: true })).toEqual([
      null,
      [{ address: '127.0.0.1', family: 4 }],
    ]);
    expect(await dns.promises.lookup('api-mobile.zscalertwo.net')).toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    expect(await dns.promises.lookup('connector.zscalertwo.net', { all: true })).toEqual([
      { address: '127.0.0.1', family: 4 },
    ]);
    expect(await promisify(dns.lookup)('api.beta.zsapi.net')).toEqual({ address: '127.0.0.1', family: 4 });
  });

  it('leaves other names, localhost and IP literals to the real resolver, and restores it', async () => {
    const original = dns.lookup;
    ({ restore } = installLoopbackResolver());
    expect(dns.lookup).not.toBe(original);
    expect(await dns.promises.lookup('localhost', { family: 4 })).toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    expect(await dns.promises.lookup('::1')).toEqual({ address: '::1', family: 6 });
    await expect(dns.promises.lookup('not-a-zscaler-name.invalid')).rejects.toThrow();
    restore();
    expect(dns.lookup).toBe(original);
  });

  it('redirects what `matches` selects, to the given address', async () => {
    ({ restore } = installLoopbackResolver({
      matches: (name) => name.endsWith('.example.test'),
      address: '::1',
    }));
    expect(await dns.promises.lookup('gateway.example.test')).toEqual({ address: '::1', family: 6 });
    await expect(dns.promises.lookup('api.zsapi.invalid')).rejects.toThrow();
  });
});

describe('unchanged clients reach the simulator under Zscaler names', () => {
  const env = useSimulator();
  const unauthorized = { detail: 'unauthorized', type: '', title: '', status: '' };

  it('built-in fetch', async () => {
    const response = await fetch(env.url('api.zsapi.net', '/zia/api/v1/users'));
    expect(await response.json()).toEqual(unauthorized);
  });

  it('node:http', async () => {
    const response = await httpCall(
      env.url('api.zsapi.net', '/zpa/mgmtconfig/v1/admin/customers/1/application'),
    );
    expect(response.status).toBe(401);
    expect(response.json()).toEqual(unauthorized);
  });

  it('the undici package', async () => {
    const response = await undiciRequest(env.url('api.zsapi.net', '/zcc/papi/public/v1/getDevices'));
    expect(response.statusCode).toBe(401);
    expect(await response.body.json()).toEqual(unauthorized);
  });

  it('axios', async () => {
    const response = await axios.get(env.url('api.zsapi.net', '/ztw/api/v1/ecgroup'), {
      validateStatus: () => true,
    });
    expect(response.status).toBe(401);
    expect(response.data).toEqual(unauthorized);
  });
});
