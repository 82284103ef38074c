import type { Quota } from '../rate-windows.js';
import { empty, json } from '../reply.js';
import type { ServiceModel } from '../service.js';
import type { Reply } from '../types.js';
import { type CrudDialect, page, type Resource } from './crud.js';

/**
 * What ZIA and Cloud & Branch Connector (ZTW) share: the Admin Portal API's `{code, message}` bodies, its
 * per-endpoint rate limits, the tenant edit lock and the maintenance mode. Bodies are the literal ones of
 * real traffic (research/zscaler-api.md §2.2, PY-CAS cassettes) unless marked as the simulator's wording.
 */

export const adminPortalRateLimit: NonNullable<ServiceModel['rateLimit']> = {
  /** ZIA weights (research §3.4, DOC-RL): Light GET 2/s, Medium POST/PUT 1/s, Heavy DELETE 1/min; per endpoint. */
  rule: (method) => {
    if (method === 'GET') return { quota: { limit: 2, seconds: 1 }, perEndpoint: true };
    if (method === 'POST' || method === 'PUT') return { quota: { limit: 1, seconds: 1 }, perEndpoint: true };
    if (method === 'DELETE') return { quota: { limit: 1, seconds: 60 }, perEndpoint: true };
    return undefined;
  },
  /** Integer `Retry-After` header and the body `{"message":"Rate Limit (1/SECOND) exceeded","Retry-After":"1 seconds"}`. */
  tooManyRequests: (quota: Quota, retryAfterSeconds: number): Reply => {
    // ZIA's limits are per second or per minute (DELETE).
    const unit = quota.seconds === 60 ? 'MINUTE' : 'SECOND';
    return json(
      429,
      {
        message: `Rate Limit (${quota.limit}/${unit}) exceeded`,
        'Retry-After': `${retryAfterSeconds} seconds`,
      },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  },
};

/** The tenant's configuration lock every write takes (research §5), and the captured 409 (no message). */
export function editLock(service: 'zia' | 'ztw'): { readonly name: string; readonly conflict: Reply } {
  return { name: `${service}/edit`, conflict: json(409, { code: 'EDIT_LOCK_NOT_AVAILABLE' }) };
}

/**
 * 403 for writes during a scheduled upgrade (research §2.2, from the SKILL document), with the header that
 * tells it apart from a permission 403.
 */
export const STATE_READONLY: Reply = json(
  403,
  {
    code: 'STATE_READONLY',
    message: 'The API service is undergoing a scheduled upgrade and is in read-only mode.',
  },
  { 'x-zscaler-mode': 'read-only' },
);

/** 415 for a POST/PUT without `Content-Type: application/json`; real 415s came with an empty body (§2.2). */
export const UNSUPPORTED_MEDIA_TYPE: Reply = empty(415);

/** The CRUD answers: create and update return the object with 200, lists are bare arrays. */
export const adminPortalDialect: CrudDialect = {
  createdStatus: 200,
  updateReturnsObject: true,
  ok: (status, body) => json(status, body),
  list: (items, query) => json(200, page(items, query, 'pageSize', 100, 1000)),
  // Code as captured; the message is the seed's description of ZIA 404 (simulator's choice of words).
  notFound: () => json(404, { code: 'RESOURCE_NOT_FOUND', message: 'Resource does not exist.' }),
  // 409 as captured for DUPLICATE_ITEM; the message repeats the code as the provider guides show it.
  duplicate: () => json(409, { code: 'DUPLICATE_ITEM', message: 'DUPLICATE_ITEM' }),
  // The captured wording of a tenant limit: "Maximum 100 static IPs are allowed. Limit has exceeded."
  full: (resource: Resource, max: number) =>
    json(403, {
      code: 'LIMIT_EXCEEDED',
      message: `Maximum ${max} ${resource.path} are allowed. Limit has exceeded.`,
    }),
  invalid: (message: string) => json(400, { code: 'INVALID_INPUT_ARGUMENT', message }),
  // Captured for a body that is not JSON.
  malformed: json(400, { message: 'Request body is invalid.' }),
};

/** Seconds since the epoch, as the Admin Portal reports `lastModifiedTime`. */
export function epochSeconds(now: number): number {
  return Math.floor(now / 1000);
}
