import { describe, expect, it } from 'vitest';
import { fetchToken, jsonHeaders, ManualClock, useSimulator } from './helpers.js';

const env = useSimulator({
  clock: new ManualClock(),
  limits: { maxObjectsPerCollection: 3, maxTenants: 2, maxCredentials: 3, maxStoredBytes: 6000 },
  switches: { rateLimits: { enabled: false }, lockHoldMs: 0 },
});

async function create(token: string, path: string, body: unknown) {
  const response = await fetch(env.url('api.zsapi.net', path), {
    method: 'POST',
    headers: jsonHeaders(token),
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('bounded state', () => {
  it('refuses a create beyond the per-collection cap in each service own words', async () => {
    const token = await fetchToken(env.sim.port, 'cap');
    // The default rule is a fixture: two more fit.
    for (const name of ['one', 'two'])
      expect((await create(token, '/zia/api/v1/firewallFilteringRules', { name })).status).toBe(200);
    const refused = await create(token, '/zia/api/v1/firewallFilteringRules', { name: 'three' });
    expect(refused).toEqual({
      status: 403,
      body: {
        code: 'LIMIT_EXCEEDED',
        message: 'Maximum 3 firewallFilteringRules are allowed. Limit has exceeded.',
      },
    });
    const zpa = '/zpa/mgmtconfig/v1/admin/customers/9/segmentGroup';
    for (const name of ['a', 'b', 'c']) expect((await create(token, zpa, { name })).status).toBe(201);
    expect(await create(token, zpa, { name: 'd' })).toMatchObject({
      status: 400,
      body: { id: 'resource.limit.exceeded' },
    });
  });

  it('refuses a write past the byte budget shared by all tenants', async () => {
    const token = await fetchToken(env.sim.port, 'cap');
    const first = await create(token, '/zpa/mgmtconfig/v1/admin/customers/10/application', {
      name: 'huge',
      description: 'x'.repeat(3000),
    });
    expect(first.status).toBe(201);
    const second = await create(token, '/zpa/mgmtconfig/v1/admin/customers/10/application', {
      name: 'huge-2',
      description: 'x'.repeat(3000),
    });
    expect(second.status).toBe(400);
  });

  it('forgets the least recently used tenant beyond the tenant cap', async () => {
    const first = await fetchToken(env.sim.port, 'first');
    await create(first, '/zia/api/v1/urlCategories', { configuredName: 'kept-for-a-while' });
    for (const vanity of ['second', 'third']) {
      const token = await fetchToken(env.sim.port, vanity);
      await fetch(env.url('api.zsapi.net', '/zia/api/v1/status'), { headers: jsonHeaders(token) });
    }
    const again = await fetchToken(env.sim.port, 'first');
    const list = await fetch(env.url('api.zsapi.net', '/zia/api/v1/urlCategories'), {
      headers: jsonHeaders(again),
    });
    const names = ((await list.json()) as { configuredName: string }[]).map(
      (category) => category.configuredName,
    );
    expect(names).not.toContain('kept-for-a-while');
  });

  it('forgets the least recently used token beyond the token cap', async () => {
    const tokens = [];
    for (let i = 0; i < 4; i++) tokens.push(await fetchToken(env.sim.port, 'tokens'));
    const status = async (token: string) =>
      (await fetch(env.url('api.zsapi.net', '/zdx/v1/devices'), { headers: jsonHeaders(token) })).status;
    expect(await status(tokens[0] ?? '')).toBe(401);
    expect(await status(tokens[3] ?? '')).toBe(200);
  });
});
