import { empty, json } from '../reply.js';
import type { ServiceModel } from '../service.js';
import { type CrudDialect, crudEndpoint, page, type Resource } from './crud.js';

/**
 * Client Connector (ZCC): `/zcc/papi/public/v1/...` on the gateway, `/papi/public/v1/...` on
 * `api-mobile.<cloud>.net` (sign-in there: `POST /papi/auth/v1/login`). Enrolled devices, read-only.
 */

const devices: Resource = {
  path: 'getDevices',
  collection: 'zcc/devices',
  nameField: 'machineHostname',
  fixtures: [
    { machineHostname: 'LAPTOP-ADA01', user: 'ada@example.com', osVersion: 'Windows 11 Enterprise', type: 3 },
    { machineHostname: 'MBP-ALAN', user: 'alan@example.com', osVersion: 'macOS 15.5', type: 4 },
    { machineHostname: 'PIXEL-GRACE', user: 'grace@example.com', osVersion: 'Android 15', type: 2 },
  ].map((device, index) => {
    const udid = `5A1B2C3D-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
    return {
      id: udid,
      udid,
      ...device,
      agentVersion: '4.6.0.200',
      companyName: 'Example Corp',
      registrationState: 'Registered',
      policyName: 'Default',
    };
  }),
  writable: false,
  newId: (collection) => collection.nextSerial(),
  build: (input, id) => ({ ...input, id }),
};

const dialect: CrudDialect = {
  createdStatus: 200,
  updateReturnsObject: true,
  ok: (status, body) => json(status, body),
  list: (items, query) => json(200, page(items, query, 'pageSize', 50, 5000)),
  // The seed's Client Connector table lists 400/401/403/404 with no bodies; real ZCC errors vary or are empty.
  notFound: () => empty(404),
  full: () => empty(400),
  invalid: () => empty(400),
  malformed: empty(400),
};

export function zccModel(maxObjects: number): ServiceModel {
  return {
    name: 'zcc',
    // Captured `x-ratelimit-limit: 100, 100;w=3600, 100;w=3600`.
    gatewayQuotas: [
      { limit: 100, seconds: 3600 },
      { limit: 100, seconds: 3600 },
    ],
    adminPortalWrites: false,
    match: (method, segments) => {
      const [papi, visibility, version, resourcePath, ...rest] = segments;
      if (papi !== 'papi' || visibility !== 'public' || version !== 'v1' || resourcePath !== devices.path) {
        return undefined;
      }
      // getDevices is a list only: no `/getDevices/{id}`.
      return rest.length === 0 ? crudEndpoint(devices, dialect, method, rest, maxObjects) : undefined;
    },
    rateLimit: {
      // 100 calls per hour (research §3.4: PY legacy client, confirmed by the gateway's header).
      rule: () => ({ quota: { limit: 100, seconds: 3600 }, perEndpoint: false }),
      // The wait in `X-Rate-Limit-Retry-After-Seconds` (research §3.1); no captured body, so none.
      tooManyRequests: (_quota, retryAfterSeconds) =>
        empty(429, { 'X-Rate-Limit-Retry-After-Seconds': String(retryAfterSeconds) }),
    },
    headers: ({ window }): Record<string, string> =>
      window === undefined ? {} : { 'X-Rate-Limit-Remaining': String(window.remaining) },
  };
}
