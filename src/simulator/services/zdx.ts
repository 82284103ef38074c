import { json } from '../reply.js';
import type { ServiceModel } from '../service.js';
import { type CrudDialect, crudEndpoint, type Resource } from './crud.js';

/** ZDX: `/zdx/v1/...` on the gateway. Monitored devices, read-only; errors `{code, message}` as the Go SDK models them. */

const devices: Resource = {
  path: 'devices',
  collection: 'zdx/devices',
  nameField: 'name',
  fixtures: [
    { id: 132_559_212, name: 'LAPTOP-ADA01', userid: 76_676_944 },
    { id: 132_559_213, name: 'MBP-ALAN', userid: 76_676_945 },
    { id: 132_559_214, name: 'PIXEL-GRACE', userid: 76_676_946 },
  ],
  writable: false,
  newId: (collection) => collection.nextSerial(),
  build: (input, id) => ({ ...input, id }),
};

const MAX_LIMIT = 5000;

const dialect: CrudDialect = {
  createdStatus: 200,
  updateReturnsObject: true,
  ok: (status, body) => json(status, body),
  // ZDX pages with `limit` and an opaque `offset`; `next_offset` is null on the last page.
  list: (items, query) => {
    const limit = Math.min(MAX_LIMIT, Math.max(1, Number.parseInt(query.get('limit') ?? '', 10) || 100));
    const offset = Math.max(0, Number.parseInt(query.get('offset') ?? '', 10) || 0);
    const next = offset + limit < items.length ? String(offset + limit) : null;
    return json(200, { devices: items.slice(offset, offset + limit), next_offset: next });
  },
  notFound: (id) => json(404, { code: 'NOT_FOUND', message: `Device ${id.slice(0, 64)} not found` }),
  full: () => json(400, { code: 'BAD_REQUEST', message: 'Limit exceeded' }),
  invalid: (message) => json(400, { code: 'BAD_REQUEST', message }),
  malformed: json(400, { code: 'BAD_REQUEST', message: 'Request body is invalid' }),
};

export function zdxModel(maxObjects: number): ServiceModel {
  return {
    name: 'zdx',
    // No captured gateway header for ZDX; the value of its sibling products (ZTW, ZINS, ZMS) is assumed.
    gatewayQuotas: [{ limit: 1000, seconds: 1 }],
    adminPortalWrites: false,
    match: (method, segments) => {
      const [version, resourcePath, ...rest] = segments;
      if (version !== 'v1' || resourcePath !== devices.path) return undefined;
      return crudEndpoint(devices, dialect, method, rest, maxObjects);
    },
    headers: () => ({}),
  };
}
