import { empty, json } from '../reply.js';
import type { Endpoint, ServiceModel, ServiceRequest } from '../service.js';
import type { Tenant } from '../store.js';
import type { JsonObject, Reply } from '../types.js';
import { adminPortalDialect, adminPortalRateLimit, editLock, epochSeconds } from './admin-portal.js';
import { crudEndpoint, type Resource } from './crud.js';

/**
 * ZIA: `/zia/api/v1/...` on the gateway, `/api/v1/...` on `zsapi.<cloud>.net`. URL categories, firewall
 * filtering rules and users (read-only), activation status, and the session sign-out that activates.
 */

const PREDEFINED_CATEGORIES: readonly JsonObject[] = [
  ['NEWS_AND_MEDIA', 'NEWS_AND_MEDIA'],
  ['PROFESSIONAL_SERVICES', 'BUSINESS_AND_ECONOMY'],
  ['WEB_SEARCH', 'INFORMATION_TECHNOLOGY'],
  ['SOCIAL_NETWORKING', 'INTERNET_COMMUNICATION'],
  ['OTHER_ADULT_MATERIAL', 'ADULT_MATERIAL'],
].map(([id, superCategory]) => ({
  id: id as string,
  configuredName: (id as string).toLowerCase().replaceAll('_', ' '),
  superCategory: superCategory as string,
  keywords: [],
  urls: [],
  customCategory: false,
  type: 'URL_CATEGORY',
  editable: true,
  val: 0,
}));

const urlCategories: Resource = {
  path: 'urlCategories',
  collection: 'zia/urlCategories',
  nameField: 'configuredName',
  fixtures: PREDEFINED_CATEGORIES,
  writable: true,
  // Custom categories are CUSTOM_01, CUSTOM_02, ...: the lowest free number.
  newId: (collection) => {
    for (let n = 1; ; n++) {
      const id = `CUSTOM_${String(n).padStart(2, '0')}`;
      if (collection.get(id) === undefined) return id;
    }
  },
  build: (input, id) => ({
    superCategory: 'USER_DEFINED',
    keywords: [],
    urls: [],
    type: 'URL_CATEGORY',
    ...input,
    id,
    customCategory: typeof id === 'string' && id.startsWith('CUSTOM_'),
    editable: true,
  }),
};

const firewallFilteringRules: Resource = {
  path: 'firewallFilteringRules',
  collection: 'zia/firewallFilteringRules',
  nameField: 'name',
  fixtures: [
    {
      id: 1,
      name: 'Default Firewall Filtering Rule',
      order: -1,
      rank: 7,
      action: 'ALLOW',
      state: 'ENABLED',
      predefined: true,
      defaultRule: true,
      accessControl: 'READ_WRITE',
    },
  ],
  writable: true,
  newId: (collection) => 500_000 + collection.nextSerial(),
  build: (input, id, now) => ({
    order: 1,
    rank: 7,
    action: 'ALLOW',
    state: 'ENABLED',
    accessControl: 'READ_WRITE',
    predefined: false,
    defaultRule: false,
    ...input,
    id,
    lastModifiedTime: epochSeconds(now),
  }),
};

const users: Resource = {
  path: 'users',
  collection: 'zia/users',
  nameField: 'name',
  fixtures: [
    {
      id: 11_201,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      department: { id: 81, name: 'Engineering' },
    },
    {
      id: 11_202,
      name: 'Alan Turing',
      email: 'alan@example.com',
      department: { id: 81, name: 'Engineering' },
    },
    {
      id: 11_203,
      name: 'Grace Hopper',
      email: 'grace@example.com',
      department: { id: 82, name: 'Operations' },
    },
  ].map((user) => ({
    ...user,
    groups: [{ id: 7001, name: 'Service Admin' }],
    adminUser: false,
  })),
  writable: false,
  newId: (collection) => collection.nextSerial(),
  build: (input, id) => ({ ...input, id }),
};

const RESOURCES = [urlCategories, firewallFilteringRules, users];

const EDIT_LOCK = editLock('zia');

export function ziaModel(maxObjects: number): ServiceModel {
  return {
    name: 'zia',
    gatewayQuotas: [{ limit: 5000, seconds: 60 }],
    adminPortalWrites: true,
    match: (method, segments) => {
      const [api, version, resourcePath, ...rest] = segments;
      if (api !== 'api' || version !== 'v1' || resourcePath === undefined) return undefined;
      const endpoint = statusOrSession(method, resourcePath, rest);
      if (endpoint !== undefined) return endpoint;
      const resource = RESOURCES.find((candidate) => candidate.path === resourcePath);
      if (resource === undefined) return undefined;
      const crud = crudEndpoint(resource, adminPortalDialect, method, rest, maxObjects);
      if (crud === undefined || method === 'GET' || !resource.writable) return crud;
      return { ...crud, lock: EDIT_LOCK, handle: (request) => pending(crud.handle(request), request) };
    },
    rateLimit: adminPortalRateLimit,
    headers: ({ maintenance }) => ({ 'x-zscaler-mode': maintenance ? 'read-only' : 'read-write' }),
  };
}

/** A successful write leaves changes to activate. */
function pending(reply: Reply, request: ServiceRequest): Reply {
  if (reply.status < 300) request.tenant.pendingActivation.add('zia');
  return reply;
}

function statusOrSession(
  method: string,
  resourcePath: string,
  rest: readonly string[],
): Endpoint | undefined {
  const sub = rest.join('/');
  if (resourcePath === 'status' && sub === '' && method === 'GET') {
    return {
      scope: 'status',
      handle: (request) =>
        json(200, { status: request.tenant.pendingActivation.has('zia') ? 'PENDING' : 'ACTIVE' }),
    };
  }
  if (resourcePath === 'status' && sub === 'activate' && method === 'POST') {
    return { scope: 'status/activate', lock: EDIT_LOCK, handle: (request) => activate(request.tenant) };
  }
  // Ending the API session activates what it changed (research §5); on the gateway the PY SDK sends it too.
  if (resourcePath === 'authenticatedSession' && sub === '' && method === 'DELETE') {
    return {
      scope: 'authenticatedSession',
      endsSession: true,
      handle: (request) => activate(request.tenant, 204),
    };
  }
  return undefined;
}

function activate(tenant: Tenant, status: 200 | 204 = 200): Reply {
  tenant.pendingActivation.delete('zia');
  return status === 204 ? empty(204) : json(200, { status: 'ACTIVE' });
}
