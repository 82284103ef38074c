import { describe, expect, it } from 'vitest';
import { fetchToken, jsonHeaders, ManualClock, useSimulator } from './helpers.js';

const clock = new ManualClock();
const env = useSimulator({ clock, seed: 'oneapi', switches: { lockHoldMs: 0 } });

describe('ZIdentity token endpoint', () => {
  it('issues a bearer token for client credentials, with expires_in and the endpoint rate-limit headers', async () => {
    const response = await fetch(env.url('acme.zslogin.net', '/oauth2/v1/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=abc&client_secret=zscaler-simulator-secret&audience=https%3A%2F%2Fapi.zscaler.com',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit')).toBe('500, 500;w=1, 100000;w=60');
    const body = await response.json();
    expect(body).toEqual({ token_type: 'Bearer', access_token: expect.any(String), expires_in: 3600 });
  });

  it('answers a bad client with the OAuth invalid_client body', async () => {
    const response = await fetch(env.url('acme.zslogin.net', '/oauth2/v1/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=abc&client_secret=wrong',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed',
    });
  });
});

describe('ZIdentity token endpoint, other client forms', () => {
  const tokenUrl = () => env.url('acme.zsloginbeta.net', '/oauth2/v1/token');

  it('accepts client_secret_basic', async () => {
    const response = await fetch(tokenUrl(), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('abc:zscaler-simulator-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses another grant type and a body that is not a form with OAuth 400s', async () => {
    const grant = await fetch(tokenUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&client_id=abc&client_secret=zscaler-simulator-secret',
    });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const notForm = await fetch(tokenUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(notForm.status).toBe(400);
    expect(await notForm.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('OneAPI gateway', () => {
  it('refuses a call without a valid token with the gateway 401 and no rate-limit headers', async () => {
    for (const authorization of [undefined, 'Bearer not-a-token']) {
      const response = await fetch(env.url('api.zsapi.net', '/zia/api/v1/urlCategories'), {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('x-oneapi-api-category')).toBe('public');
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
      expect(await response.json()).toEqual({ detail: 'unauthorized', type: '', title: '', status: '' });
    }
  });

  it('refuses an expired token', async () => {
    const token = await fetchToken(env.sim.port, 'expiry');
    clock.advance(3600 * 1000);
    const response = await fetch(env.url('api.zsapi.net', '/zia/api/v1/users'), {
      headers: jsonHeaders(token),
    });
    expect(response.status).toBe(401);
  });

  it('serves ZIA with a request id, the gateway bucket and x-zscaler-mode', async () => {
    const token = await fetchToken(env.sim.port);
    const response = await fetch(env.url('api.zsapi.net', '/zia/api/v1/users'), {
      headers: jsonHeaders(token),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-oneapi-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(response.headers.get('x-ratelimit-limit')).toBe('5000, 5000;w=60');
    expect(response.headers.get('x-zscaler-mode')).toBe('read-write');
    const users = (await response.json()) as unknown[];
    expect(users.length).toBeGreaterThan(0);
  });

  it('answers an unknown route with the gateway 404', async () => {
    const token = await fetchToken(env.sim.port);
    const response = await fetch(env.url('api.zsapi.net', '/zcc/papi/public/v1/nothingHere'), {
      headers: jsonHeaders(token),
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('404 Not Found');
  });
});
