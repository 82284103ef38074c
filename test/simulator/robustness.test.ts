import http from 'node:http';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fetchToken, useSimulator } from './helpers.js';

const env = useSimulator({ limits: { maxBodyBytes: 2048 }, switches: { lockHoldMs: 0 } });
let token = '';
beforeAll(async () => {
  token = await fetchToken(env.sim.port, 'fuzz');
});

/**
 * A raw request to the simulator's address with any Host header; `fresh` opens a connection of its own rather
 * than one the keep-alive pool kept from the fuzzing (once, on a fresh clone, such a socket drew Node's own
 * bare 400 for a well-formed request).
 */
function send(
  host: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string,
  fresh = false,
) {
  return new Promise<number>((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: env.sim.port,
        method,
        path,
        headers: { ...headers, host },
        ...(fresh && { agent: false }),
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const printable = fc.string({
  unit: fc.constantFrom(...'abcAZ09-._~%/?&=:;,"{}[] '.split('')),
  maxLength: 40,
});
const segment = fc.oneof(
  fc.constantFrom(
    'zia',
    'zpa',
    'zcc',
    'ztw',
    'zdx',
    'ziam',
    'api',
    'v1',
    'mgmtconfig',
    'admin',
    'customers',
    'papi',
    'public',
  ),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    '%zz',
    '..',
    '1',
    '216196257331291969',
    'urlCategories',
    'reorder',
  ),
  fc.constantFrom(
    'firewallFilteringRules',
    'application',
    'segmentGroup',
    'policySet',
    'getDevices',
    'users',
    'status',
  ),
  printable,
);
const host = fc.oneof(
  fc.constantFrom('api.zsapi.net', 'acme.zslogin.net', 'acme-admin.zslogin.net', 'zsapi.zscaler.net'),
  fc.constantFrom(
    'config.private.zscaler.com',
    'api-mobile.zscalertwo.net',
    'connector.zscalertwo.net',
    '127.0.0.1',
    '',
  ),
  printable.map((text) => text.replace(/[^a-z0-9.-]/gi, '')),
);

describe('bad input', () => {
  it('never crashes the server and always gets an HTTP answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        host,
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        fc.array(segment, { maxLength: 9 }),
        fc.boolean(),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
        fc.oneof(printable, fc.json(), fc.constant('x'.repeat(3000))),
        async (hostName, method, segments, authorized, contentType, body) => {
          const headers: Record<string, string> = {};
          if (authorized) headers.authorization = `Bearer ${token}`;
          if (contentType !== '') headers['content-type'] = contentType;
          const path = `/${segments.join('/')}`.replaceAll(' ', '%20');
          const status = await send(hostName, method, path, headers, body);
          expect(status).toBeGreaterThanOrEqual(200);
          expect(status).toBeLessThan(600);
        },
      ),
      { numRuns: 300 },
    );
    for (const path of ['/constructor/x', '/__proto__/x', '/toString', '/hasOwnProperty/a/b']) {
      expect(await send('api.zsapi.net', 'GET', path, { authorization: `Bearer ${token}` }, '', true)).toBe(
        404,
      );
    }
    // Still serving.
    expect(
      await send(
        'api.zsapi.net',
        'GET',
        '/zia/api/v1/status',
        { authorization: `Bearer ${token}` },
        '',
        true,
      ),
    ).not.toBe(0);
  });
});
