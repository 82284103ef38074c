import { empty, json } from '../reply.js';
import type { Endpoint, ServiceModel } from '../service.js';
import type { Reply } from '../types.js';
import { adminPortalDialect, adminPortalRateLimit, editLock } from './admin-portal.js';
import { crudEndpoint, type Resource } from './crud.js';

/**
 * Cloud & Branch Connector (ZTW): `/ztw/api/v1/...` on the gateway, `/api/v1/...` on `connector.<cloud>.net`.
 * Edge connector groups (read-only) and activation, with ZIA's bodies, limits, lock and maintenance mode
 * (the seed's Cloud & Branch Connector table names the same 403 maintenance and 409 edit conflict).
 */

const ecGroups: Resource = {
  path: 'ecgroup',
  collection: 'ztw/ecgroup',
  nameField: 'name',
  fixtures: [
    {
      id: 4_101,
      name: 'aws-us-east-1-ecgroup',
      deployType: 'CLOUD',
      cloudType: 'AWS',
      location: { id: 510 },
    },
    {
      id: 4_102,
      name: 'azure-westeurope-ecgroup',
      deployType: 'CLOUD',
      cloudType: 'AZURE',
      location: { id: 511 },
    },
    {
      id: 4_103,
      name: 'branch-nyc-ecgroup',
      deployType: 'ON_PREM',
      cloudType: 'ON_PREM',
      location: { id: 512 },
    },
  ].map((group) => ({ ...group, desc: '', status: ['ENABLED'], ecVMs: [], tunnelMode: 'ENCRYPTED' })),
  writable: false,
  newId: (collection) => collection.nextSerial(),
  build: (input, id) => ({ ...input, id }),
};

/** Activation publishes the tenant's staged changes; it is a write and takes the tenant lock (research §5). */
const ACTIVATED: Reply = json(200, {
  orgEditStatus: 'EDITS_CLEARED',
  orgLastActivateStatus: 'CAC_ACTV_UI',
  adminActivateStatus: 'ADM_ACTV_DONE',
  adminStatusMap: {},
});

export function ztwModel(maxObjects: number): ServiceModel {
  return {
    name: 'ztw',
    gatewayQuotas: [{ limit: 1000, seconds: 1 }],
    adminPortalWrites: true,
    match: (method, segments) => {
      const [api, version, resourcePath, ...rest] = segments;
      if (api !== 'api' || version !== 'v1' || resourcePath === undefined) return undefined;
      if (resourcePath === 'ecAdminActivateStatus') return activation(method, rest.join('/'));
      if (resourcePath === 'auth' && rest.length === 0 && method === 'DELETE') {
        return { scope: 'auth', endsSession: true, handle: () => empty(204) };
      }
      if (resourcePath !== ecGroups.path) return undefined;
      return crudEndpoint(ecGroups, adminPortalDialect, method, rest, maxObjects);
    },
    rateLimit: adminPortalRateLimit,
    headers: () => ({}),
  };
}

function activation(method: string, sub: string): Endpoint | undefined {
  if (method === 'GET' && sub === '') return { scope: 'ecAdminActivateStatus', handle: () => ACTIVATED };
  if (method === 'PUT' && (sub === 'activate' || sub === 'forcedActivate')) {
    return { scope: `ecAdminActivateStatus/${sub}`, lock: editLock('ztw'), handle: () => ACTIVATED };
  }
  return undefined;
}
