import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_SECRET } from '../../src/simulator/index.js';
import { httpCall, ManualClock, useSimulator } from './helpers.js';

const clock = new ManualClock();
const env = useSimulator({
  clock,
  seed: 'legacy',
  switches: { rateLimits: { enabled: false }, lockHoldMs: 0 },
});
const json = { 'content-type': 'application/json' };

describe('legacy ZIA (zsapi.<cloud>.net)', () => {
  const host = 'zsapi.zscalertwo.net';

  async function signIn(password = DEFAULT_CLIENT_SECRET) {
    return httpCall(env.url(host, '/api/v1/authenticatedSession'), {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        apiKey: 'obfuscated',
        username: 'admin@example.com',
        password,
        timestamp: '1700000000000',
      }),
    });
  }

  it('signs in with a JSESSIONID cookie and serves /api/v1 with it', async () => {
    const session = await signIn();
    expect(session.status).toBe(200);
    const cookie = String(session.headers['set-cookie']?.[0]).split(';')[0] ?? '';
    expect(cookie).toMatch(/^JSESSIONID=.+/);
    const created = await httpCall(env.url(host, '/api/v1/firewallFilteringRules'), {
      method: 'POST',
      headers: { ...json, cookie },
      body: JSON.stringify({ name: 'legacy-rule' }),
    });
    expect(created.status).toBe(200);
    expect(created.headers['x-zscaler-mode']).toBe('read-write');
    expect(created.headers['x-oneapi-request-id']).toBeUndefined();
    const missing = await httpCall(env.url(host, '/api/v1/firewallFilteringRules/42'), {
      headers: { cookie },
    });
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ code: 'RESOURCE_NOT_FOUND', message: 'Resource does not exist.' });
  });

  it('refuses a wrong password, a missing session, an idle-expired session and one signed out', async () => {
    expect((await signIn('wrong')).status).toBe(401);
    const none = await httpCall(env.url(host, '/api/v1/users'));
    expect(none.status).toBe(401);
    expect(none.json()).toEqual({ code: 'SESSION_NOT_VALID', message: 'SESSION_NOT_VALID' });

    const cookie = String((await signIn()).headers['set-cookie']?.[0]).split(';')[0] ?? '';
    clock.advance(4 * 60_000);
    expect((await httpCall(env.url(host, '/api/v1/users'), { headers: { cookie } })).status).toBe(200);
    clock.advance(4 * 60_000); // idle time counts from the last use, so 8 minutes after sign-in is still fine
    expect((await httpCall(env.url(host, '/api/v1/users'), { headers: { cookie } })).status).toBe(200);
    clock.advance(5 * 60_000);
    expect((await httpCall(env.url(host, '/api/v1/users'), { headers: { cookie } })).status).toBe(401);

    const fresh = String((await signIn()).headers['set-cookie']?.[0]).split(';')[0] ?? '';
    const signOut = await httpCall(env.url(host, '/api/v1/authenticatedSession'), {
      method: 'DELETE',
      headers: { cookie: fresh },
    });
    expect(signOut.status).toBe(204);
    expect((await httpCall(env.url(host, '/api/v1/users'), { headers: { cookie: fresh } })).status).toBe(401);
  });
});

describe('legacy ZPA (config.private.zscaler.com)', () => {
  const host = 'config.private.zscaler.com';
  const base = '/mgmtconfig/v1/admin/customers/216196257331281920';

  it('signs in with a form and serves mgmtconfig with the bearer token', async () => {
    const signIn = await httpCall(env.url(host, '/signin'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `client_id=abc&client_secret=${DEFAULT_CLIENT_SECRET}`,
    });
    expect(signIn.status).toBe(200);
    const { access_token: token, expires_in: expiresIn } = signIn.json() as {
      access_token: string;
      expires_in: string;
    };
    expect(expiresIn).toBe('3600');
    const headers = { ...json, authorization: `Bearer ${token}` };
    const created = await httpCall(env.url(host, `${base}/segmentGroup`), {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'legacy-group' }),
    });
    expect(created.status).toBe(201);
    expect(created.text).toContain('\n  "name": "legacy-group"'); // ZPA pretty-prints
    const list = await httpCall(env.url(host, `${base}/segmentGroup`), { headers });
    expect(list.json()).toMatchObject({ totalCount: '1' });
  });

  it('answers a missing or wrong credential with the seed 401 access.denied', async () => {
    const unauthenticated = await httpCall(env.url(host, `${base}/application`));
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.json()).toEqual({ id: 'access.denied', reason: 'Access denied' });
    const badSignIn = await httpCall(env.url(host, '/signin'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_id=abc&client_secret=nope',
    });
    expect(badSignIn.status).toBe(401);
  });
});

describe('legacy Client Connector (api-mobile.<cloud>.net)', () => {
  const host = 'api-mobile.zscalertwo.net';

  it('logs in for a jwtToken and lists devices with the auth-token header', async () => {
    const login = await httpCall(env.url(host, '/papi/auth/v1/login'), {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ apiKey: 'key', secretKey: DEFAULT_CLIENT_SECRET }),
    });
    expect(login.status).toBe(200);
    const { jwtToken } = login.json() as { jwtToken: string };
    const devices = await httpCall(env.url(host, '/papi/public/v1/getDevices'), {
      headers: { 'auth-token': jwtToken },
    });
    expect(devices.status).toBe(200);
    expect(devices.json()).toHaveLength(3);
    expect((await httpCall(env.url(host, '/papi/public/v1/getDevices'))).status).toBe(401);
  });
});

describe('legacy Cloud & Branch Connector (connector.<cloud>.net)', () => {
  const host = 'connector.zscalertwo.net';

  it('signs in with /api/v1/auth, lists groups and activates', async () => {
    const session = await httpCall(env.url(host, '/api/v1/auth'), {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        apiKey: 'key',
        username: 'admin@example.com',
        password: DEFAULT_CLIENT_SECRET,
        timestamp: '1',
      }),
    });
    const cookie = String(session.headers['set-cookie']?.[0]).split(';')[0] ?? '';
    const groups = await httpCall(env.url(host, '/api/v1/ecgroup'), { headers: { cookie } });
    expect(groups.status).toBe(200);
    const activated = await httpCall(env.url(host, '/api/v1/ecAdminActivateStatus/activate'), {
      method: 'PUT',
      headers: { ...json, cookie },
      body: '{}',
    });
    expect(activated.json()).toMatchObject({ adminActivateStatus: 'ADM_ACTV_DONE' });
  });
});
