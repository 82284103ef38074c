import { beforeAll, describe, expect, it } from 'vitest';
import { fetchToken, jsonHeaders, ManualClock, useSimulator } from './helpers.js';

const env = useSimulator({
  clock: new ManualClock(),
  seed: 'services',
  switches: { rateLimits: { enabled: false }, lockHoldMs: 0 },
});
let token = '';
beforeAll(async () => {
  token = await fetchToken(env.sim.port, 'services');
});

async function call(method: string, path: string, body?: unknown, host = 'api.zsapi.net') {
  const response = await fetch(env.url(host, path), {
    method,
    headers: jsonHeaders(token),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

it('answers a method a resource does not support with 405 and Allow', async () => {
  const response = await call('POST', '/zia/api/v1/users', { name: 'x' });
  expect(response.status).toBe(405);
  expect(response.headers.get('allow')).toBe('GET');
});

describe('ZIA on the gateway', () => {
  it('creates, reads, updates and deletes a firewall filtering rule, with RESOURCE_NOT_FOUND afterwards', async () => {
    const created = await call('POST', '/zia/api/v1/firewallFilteringRules', {
      name: 'block-ftp',
      action: 'BLOCK_DROP',
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: 'block-ftp',
      action: 'BLOCK_DROP',
      state: 'ENABLED',
      id: expect.any(Number),
    });
    const path = `/zia/api/v1/firewallFilteringRules/${created.body.id}`;
    expect((await call('GET', path)).body).toMatchObject({ name: 'block-ftp' });
    const updated = await call('PUT', path, { action: 'ALLOW' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'block-ftp', action: 'ALLOW', id: created.body.id });
    const list = await call('GET', '/zia/api/v1/firewallFilteringRules');
    expect(list.body.map((rule: { name: string }) => rule.name)).toContain('block-ftp');
    expect((await call('DELETE', path)).status).toBe(204);
    const gone = await call('GET', path);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: 'RESOURCE_NOT_FOUND', message: 'Resource does not exist.' });
  });

  it('lists predefined URL categories and numbers custom ones CUSTOM_01, CUSTOM_02', async () => {
    const list = await call('GET', '/zia/api/v1/urlCategories');
    expect(list.body.some((category: { id: string }) => category.id === 'NEWS_AND_MEDIA')).toBe(true);
    const first = await call('POST', '/zia/api/v1/urlCategories', {
      configuredName: 'Partners',
      urls: ['.example.com'],
    });
    const second = await call('POST', '/zia/api/v1/urlCategories', { configuredName: 'Vendors' });
    expect([first.body.id, second.body.id]).toEqual(['CUSTOM_01', 'CUSTOM_02']);
    expect(first.body).toMatchObject({
      customCategory: true,
      superCategory: 'USER_DEFINED',
      urls: ['.example.com'],
    });
  });

  it('reports PENDING after a change until activation', async () => {
    await call('POST', '/zia/api/v1/firewallFilteringRules', { name: 'pending-rule' });
    expect((await call('GET', '/zia/api/v1/status')).body).toEqual({ status: 'PENDING' });
    const activated = await call('POST', '/zia/api/v1/status/activate', {});
    expect(activated).toMatchObject({ status: 200, body: { status: 'ACTIVE' } });
    expect((await call('GET', '/zia/api/v1/status')).body).toEqual({ status: 'ACTIVE' });
  });

  it('serves users read-only', async () => {
    const users = await call('GET', '/zia/api/v1/users');
    expect(users.body[0]).toMatchObject({
      id: expect.any(Number),
      name: expect.any(String),
      email: expect.any(String),
    });
    expect((await call('GET', `/zia/api/v1/users/${users.body[0].id}`)).body).toEqual(users.body[0]);
  });

  it('answers a body that is not JSON with the captured 400', async () => {
    const response = await fetch(env.url('api.zsapi.net', '/zia/api/v1/firewallFilteringRules'), {
      method: 'POST',
      headers: jsonHeaders(token),
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'Request body is invalid.' });
  });
});

describe('ZPA on the gateway', () => {
  const base = '/zpa/mgmtconfig/v1/admin/customers/72058304855015424';

  it('creates (201), lists, updates (204) and deletes an application segment', async () => {
    const group = await call('POST', `${base}/segmentGroup`, { name: 'apps' });
    expect(group.status).toBe(201);
    const created = await call('POST', `${base}/application`, {
      name: 'intranet',
      domainNames: ['intranet.example.com'],
      segmentGroupId: group.body.id,
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^\d{18}$/);
    const list = await call('GET', `${base}/application?page=1&pagesize=20`);
    expect(list.body).toMatchObject({ totalPages: '1', totalCount: '1', list: [{ name: 'intranet' }] });
    const path = `${base}/application/${created.body.id}`;
    expect((await call('PUT', path, { enabled: false })).status).toBe(204);
    expect((await call('GET', path)).body).toMatchObject({ name: 'intranet', enabled: false });
    expect((await call('DELETE', path)).status).toBe(204);
  });

  it('answers an unknown id with resource.not.found naming the id', async () => {
    const response = await call('GET', `${base}/application/123`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      id: 'resource.not.found',
      reason: 'No resource exists with the given id/name :123',
      params: ['123'],
    });
  });

  it('reorders policy rules by type and by policy set id', async () => {
    const byType = await call('PUT', `${base}/policySet/rules/policyType/ACCESS_POLICY/reorder`, ['1', '2']);
    expect(byType.status).toBe(204);
    const byId = await call('PUT', `${base}/policySet/216196257331281920/reorder`, ['2', '1']);
    expect(byId.status).toBe(204);
    const bad = await call('PUT', `${base}/policySet/rules/policyType/ACCESS_POLICY/reorder`, {
      not: 'a list',
    });
    expect(bad.status).toBe(400);
  });
});

describe('Client Connector, Cloud & Branch Connector, ZDX and ZIdentity on the gateway', () => {
  it('lists Client Connector devices', async () => {
    const devices = await call('GET', '/zcc/papi/public/v1/getDevices?page=1&pageSize=2');
    expect(devices.status).toBe(200);
    expect(devices.body).toHaveLength(2);
    expect(devices.body[0]).toMatchObject({ udid: expect.any(String), machineHostname: expect.any(String) });
  });

  it('lists and reads edge connector groups', async () => {
    const groups = await call('GET', '/ztw/api/v1/ecgroup');
    expect(groups.headers.get('x-ratelimit-limit')).toBe('1000, 1000;w=1');
    expect((await call('GET', `/ztw/api/v1/ecgroup/${groups.body[0].id}`)).body).toEqual(groups.body[0]);
    const missing = await call('GET', '/ztw/api/v1/ecgroup/1');
    expect(missing).toMatchObject({ status: 404, body: { code: 'RESOURCE_NOT_FOUND' } });
  });

  it('lists ZDX devices with next_offset paging', async () => {
    const page = await call('GET', '/zdx/v1/devices?limit=2');
    expect(page.body).toMatchObject({ next_offset: '2' });
    expect(page.body.devices).toHaveLength(2);
  });

  it('lists ZIdentity users on the gateway and on the vanity admin host', async () => {
    const viaGateway = await call('GET', '/ziam/admin/api/v1/users');
    expect(viaGateway.body).toMatchObject({ results_total: 3, records: expect.any(Array) });
    expect(viaGateway.headers.get('x-ratelimit-limit')).toBe('500, 500;w=1, 20000;w=60');
    const viaAdminHost = await call('GET', '/admin/api/v1/users', undefined, 'services-admin.zslogin.net');
    expect(viaAdminHost.body).toEqual(viaGateway.body);
  });

  it('keeps tenants apart: another vanity does not see these objects', async () => {
    await call('POST', '/zia/api/v1/firewallFilteringRules', { name: 'tenant-a-only' });
    const other = await fetchToken(env.sim.port, 'other-tenant');
    const response = await fetch(env.url('api.zsapi.net', '/zia/api/v1/firewallFilteringRules'), {
      headers: jsonHeaders(other),
    });
    const names = ((await response.json()) as { name: string }[]).map((rule) => rule.name);
    expect(names).not.toContain('tenant-a-only');
  });
});
