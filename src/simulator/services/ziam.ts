import { empty, json } from '../reply.js';
import type { ServiceModel } from '../service.js';
import { type CrudDialect, crudEndpoint, type Resource } from './crud.js';

/**
 * ZIdentity admin API: `/ziam/admin/api/v1/...` on the gateway (Python SDK) and `/admin/api/v1/...` on
 * `<vanity>-admin.zslogin.net` (Go SDK), with the same bearer token. Users, read-only.
 */

const users: Resource = {
  path: 'users',
  collection: 'ziam/users',
  nameField: 'loginName',
  fixtures: [
    ['Ada Lovelace', 'ada@example.com'],
    ['Alan Turing', 'alan@example.com'],
    ['Grace Hopper', 'grace@example.com'],
  ].map(([displayName, loginName], index) => ({
    id: `usr_${String(index + 1).padStart(4, '0')}`,
    loginName: String(loginName),
    displayName: String(displayName),
    primaryEmail: String(loginName),
    status: true,
    source: 'UI',
  })),
  writable: false,
  newId: (collection) => collection.nextSerial(),
  build: (input, id) => ({ ...input, id }),
};

const MAX_LIMIT = 1000;

/** No ZIdentity admin error body has been captured (research §2.2): errors come without one. */
const dialect: CrudDialect = {
  createdStatus: 201,
  updateReturnsObject: true,
  ok: (status, body) => json(status, body),
  list: (items, query) => {
    const limit = Math.min(MAX_LIMIT, Math.max(1, Number.parseInt(query.get('limit') ?? '', 10) || 100));
    const offset = Math.max(0, Number.parseInt(query.get('offset') ?? '', 10) || 0);
    return json(200, {
      results_total: items.length,
      pageOffset: offset,
      pageSize: limit,
      records: items.slice(offset, offset + limit),
    });
  },
  notFound: () => empty(404),
  full: () => empty(400),
  invalid: () => empty(400),
  malformed: empty(400),
};

export function ziamModel(maxObjects: number): ServiceModel {
  return {
    name: 'ziam',
    // Captured `x-ratelimit-limit: 500, 500;w=1, 20000;w=60`.
    gatewayQuotas: [
      { limit: 500, seconds: 1 },
      { limit: 20_000, seconds: 60 },
    ],
    adminPortalWrites: false,
    match: (method, segments) => {
      const [admin, api, version, resourcePath, ...rest] = segments;
      if (admin !== 'admin' || api !== 'api' || version !== 'v1' || resourcePath !== users.path)
        return undefined;
      return crudEndpoint(users, dialect, method, rest, maxObjects);
    },
    headers: () => ({}),
  };
}
