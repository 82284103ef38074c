import { empty, prettyJson } from '../reply.js';
import type { Endpoint, ServiceModel } from '../service.js';
import type { Json, Reply } from '../types.js';
import { type CrudDialect, crudEndpoint, page, type Resource } from './crud.js';

/**
 * ZPA: `/zpa/mgmtconfig/v1/admin/customers/{customerId}/...` on the gateway, `/mgmtconfig/v1/...` on
 * `config.private.zscaler.com`. Application segments, segment groups and policy-rule reordering.
 * Bodies are `{id, reason, params}`, pretty-printed, as in research §2.2 and the seed's ZPA table.
 */

const applications: Resource = {
  path: 'application',
  collection: 'zpa/application',
  nameField: 'name',
  fixtures: [],
  writable: true,
  newId: (collection) => zpaId(collection.nextSerial()),
  build: (input, id, now) => ({
    enabled: true,
    domainNames: [],
    tcpPortRanges: [],
    bypassType: 'NEVER',
    healthReporting: 'ON_ACCESS',
    ...input,
    id,
    creationTime: String(Math.floor(now / 1000)),
    modifiedTime: String(Math.floor(now / 1000)),
  }),
};

const segmentGroups: Resource = {
  path: 'segmentGroup',
  collection: 'zpa/segmentGroup',
  nameField: 'name',
  fixtures: [],
  writable: true,
  newId: (collection) => zpaId(collection.nextSerial()),
  build: (input, id, now) => ({
    enabled: true,
    applications: [],
    ...input,
    id,
    creationTime: String(Math.floor(now / 1000)),
    modifiedTime: String(Math.floor(now / 1000)),
  }),
};

/** ZPA ids are 18-digit decimal strings (216196257331291969 and the like). */
function zpaId(serial: number): string {
  return `2161962573${String(serial).padStart(8, '0')}`;
}

/** 404 for an unknown id. The seed shows the same body under 400 (id "0"); the Go SDK accepts either. */
function notFound(id: string): Reply {
  return prettyJson(404, {
    id: 'resource.not.found',
    reason: `No resource exists with the given id/name :${id}`,
    params: [id],
  });
}

const dialect: CrudDialect = {
  createdStatus: 201,
  updateReturnsObject: false,
  ok: (status, body) => prettyJson(status, body),
  list: (items, query) => {
    const size = Math.min(500, Math.max(1, Number.parseInt(query.get('pagesize') ?? '', 10) || 20));
    return prettyJson(200, {
      totalPages: String(Math.max(1, Math.ceil(items.length / size))),
      totalCount: String(items.length),
      list: page(items, query, 'pagesize', 20, 500),
    });
  },
  notFound,
  // Simulator's wording: no captured ZPA body for a tenant limit.
  full: (resource, max) =>
    prettyJson(400, {
      id: 'resource.limit.exceeded',
      reason: `At most ${max} ${resource.path} objects are allowed`,
      params: [String(max)],
    }),
  invalid: (reason) => prettyJson(400, { id: 'bad.request', reason }),
  malformed: prettyJson(400, { id: 'bad.request', reason: 'Request body is invalid' }),
};

/** 409 on concurrent policy-set changes: the seed's body, verbatim. */
const CONCURRENT_ACCESS: Reply = prettyJson(409, {
  params: ['com.zscaler.zpn.model.PolicySet'],
  id: 'api.concurrent.access.error',
  reason: 'Unable to modify the resource due to concurrent change requests. Try again',
});

const RESOURCES = [applications, segmentGroups];
const MAX_REORDERED_RULES = 10_000;

export function zpaModel(maxObjects: number): ServiceModel {
  return {
    name: 'zpa',
    gatewayQuotas: [{ limit: 5000, seconds: 60 }],
    adminPortalWrites: false,
    match: (method, segments) => {
      const [mgmtconfig, version, admin, customers, customerId, resourcePath, ...rest] = segments;
      if (mgmtconfig !== 'mgmtconfig' || version !== 'v1' || admin !== 'admin' || customers !== 'customers') {
        return undefined;
      }
      if (customerId === undefined || !/^\d{1,20}$/.test(customerId) || resourcePath === undefined)
        return undefined;
      if (resourcePath === 'policySet') return reorder(method, customerId, rest);
      const resource = RESOURCES.find((candidate) => candidate.path === resourcePath);
      if (resource === undefined) return undefined;
      // One ZPA tenant can hold several customers; their objects are kept apart.
      const scoped: Resource = { ...resource, collection: `${resource.collection}/${customerId}` };
      return crudEndpoint(scoped, dialect, method, rest, maxObjects);
    },
    rateLimit: {
      // DOC-RL: per customer, 20 GETs and 10 POST/PUT/DELETE per 10 seconds.
      rule: (method) =>
        method === 'GET'
          ? { quota: { limit: 20, seconds: 10 }, perEndpoint: false }
          : { quota: { limit: 10, seconds: 10 }, perEndpoint: false },
      // Captured body and header form (`retry-after: 4s`); the captured reason ends with a full stop.
      tooManyRequests: (_quota, retryAfterSeconds) =>
        prettyJson(
          429,
          {
            exception: 'invalid.toomanyrequests',
            id: 'invalid.toomanyrequests',
            reason: 'Exceeded the number of requests allowed.',
          },
          { 'retry-after': `${retryAfterSeconds}s` },
        ),
    },
    headers: () => ({}),
  };
}

/**
 * Bulk reorder of a policy set's rules: `PUT .../policySet/rules/policyType/{type}/reorder` and the Go SDK's
 * `PUT .../policySet/{policySetId}/reorder`, with a JSON array of rule ids. Holds the policy set while it runs.
 */
function reorder(method: string, customerId: string, rest: readonly string[]): Endpoint | undefined {
  if (method !== 'PUT') return undefined;
  const byType =
    rest.length === 4 && rest[0] === 'rules' && rest[1] === 'policyType' && rest[3] === 'reorder';
  const byId = rest.length === 2 && rest[1] === 'reorder';
  const policySet = byType ? rest[2] : byId ? rest[0] : undefined;
  if (policySet === undefined || policySet.length > 64) return undefined;
  return {
    scope: 'policySet/reorder',
    lock: { name: `zpa/policySet/${customerId}/${policySet}`, conflict: CONCURRENT_ACCESS },
    handle: ({ body }) => {
      if (body.kind !== 'json') return dialect.malformed;
      return isRuleIdList(body.value)
        ? empty(204)
        : dialect.invalid('The body must be a JSON array of rule ids');
    },
  };
}

function isRuleIdList(body: Json): boolean {
  return (
    Array.isArray(body) && body.length <= MAX_REORDERED_RULES && body.every((id) => typeof id === 'string')
  );
}
