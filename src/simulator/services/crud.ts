import { empty } from '../reply.js';
import type { Endpoint, RequestBody, ServiceRequest } from '../service.js';
import type { Collection, Tenant } from '../store.js';
import type { Json, JsonObject, Reply } from '../types.js';

/** A resource type of a service: where it is stored, how it is named, built and seeded. */
export interface Resource {
  /** Path segment of the collection (`firewallFilteringRules`). */
  readonly path: string;
  /** Store key, unique across services (`zia/firewallFilteringRules`). */
  readonly collection: string;
  /** The field that names an object: required on create and unique within the tenant. */
  readonly nameField: string;
  /** Objects every tenant starts with (predefined categories, enrolled devices...). */
  readonly fixtures: readonly JsonObject[];
  /** false: read-only over the API (only GET). */
  readonly writable: boolean;
  newId(collection: Collection): Json;
  /** The stored object for a create or an update: the client's fields plus the server's. */
  build(input: JsonObject, id: Json, now: number): JsonObject;
}

/** How a service answers CRUD requests and their errors. */
export interface CrudDialect {
  readonly createdStatus: number;
  /** ZIA answers an update with the object, ZPA with 204 and no body. */
  readonly updateReturnsObject: boolean;
  ok(status: number, body: Json): Reply;
  list(items: readonly JsonObject[], query: URLSearchParams): Reply;
  notFound(id: string): Reply;
  /** undefined: the service does not refuse duplicate names. */
  duplicate?(name: string): Reply;
  full(resource: Resource, max: number): Reply;
  invalid(message: string): Reply;
  /** A POST or PUT whose body is missing or is not JSON. */
  readonly malformed: Reply;
}

const MAX_NAME_LENGTH = 255;

export function collectionOf(tenant: Tenant, resource: Resource): Collection {
  return tenant.collection(resource.collection, resource.fixtures);
}

/**
 * GET list / POST on the collection, GET / PUT / DELETE on one object; 405 with `Allow` for another method on
 * those paths; undefined for any other path.
 */
export function crudEndpoint(
  resource: Resource,
  dialect: CrudDialect,
  method: string,
  rest: readonly string[],
  maxObjects: number,
): Endpoint | undefined {
  const [id, ...extra] = rest;
  if (extra.length > 0) return undefined;
  if (id === undefined) {
    const scope = resource.path;
    if (method === 'GET') return { scope, handle: (r) => dialect.list(items(r, resource), r.query) };
    if (method === 'POST' && resource.writable)
      return { scope, handle: (r) => create(r, resource, dialect, maxObjects) };
    return methodNotAllowed(scope, resource.writable ? 'GET, POST' : 'GET');
  }
  const scope = `${resource.path}/{id}`;
  if (method === 'GET') return { scope, handle: (r) => read(r, resource, dialect, id) };
  if (method === 'PUT' && resource.writable)
    return { scope, handle: (r) => update(r, resource, dialect, id) };
  if (method === 'DELETE' && resource.writable)
    return { scope, handle: (r) => remove(r, resource, dialect, id) };
  return methodNotAllowed(scope, resource.writable ? 'GET, PUT, DELETE' : 'GET');
}

/** The seed's 405: "the request method is not supported by the target resource" (no captured body). */
function methodNotAllowed(scope: string, allow: string): Endpoint {
  return { scope, handle: () => empty(405, { allow }) };
}

function items(request: ServiceRequest, resource: Resource): JsonObject[] {
  return collectionOf(request.tenant, resource).list();
}

function read(request: ServiceRequest, resource: Resource, dialect: CrudDialect, id: string): Reply {
  const found = collectionOf(request.tenant, resource).get(id);
  return found === undefined ? dialect.notFound(id) : dialect.ok(200, found);
}

function create(
  request: ServiceRequest,
  resource: Resource,
  dialect: CrudDialect,
  maxObjects: number,
): Reply {
  const input = namedInput(request.body, resource, dialect);
  if ('error' in input) return input.error;
  const collection = collectionOf(request.tenant, resource);
  if (dialect.duplicate !== undefined && findByName(collection, resource, input.name) !== undefined) {
    return dialect.duplicate(input.name);
  }
  const id = resource.newId(collection);
  const stored = resource.build(input.body, id, request.now);
  if (!collection.put(String(id), stored)) return dialect.full(resource, maxObjects);
  return dialect.ok(dialect.createdStatus, stored);
}

function update(request: ServiceRequest, resource: Resource, dialect: CrudDialect, id: string): Reply {
  const collection = collectionOf(request.tenant, resource);
  const existing = collection.get(id);
  if (existing === undefined) return dialect.notFound(id);
  if (request.body.kind !== 'json') return dialect.malformed;
  if (!isObject(request.body.value)) return dialect.invalid('The body must be a JSON object');
  const input = namedInput(
    { kind: 'json', value: { ...existing, ...request.body.value } },
    resource,
    dialect,
  );
  if ('error' in input) return input.error;
  const clash = findByName(collection, resource, input.name);
  if (dialect.duplicate !== undefined && clash !== undefined && String(clash.id) !== id) {
    return dialect.duplicate(input.name);
  }
  const stored = resource.build(input.body, existing.id ?? id, request.now);
  if (!collection.put(id, stored)) return dialect.full(resource, collection.size);
  return dialect.updateReturnsObject ? dialect.ok(200, stored) : empty(204);
}

function remove(request: ServiceRequest, resource: Resource, dialect: CrudDialect, id: string): Reply {
  return collectionOf(request.tenant, resource).delete(id) ? empty(204) : dialect.notFound(id);
}

/** The body as an object with a usable name, or the service's 400. */
function namedInput(
  requestBody: RequestBody,
  resource: Resource,
  dialect: CrudDialect,
): { readonly body: JsonObject; readonly name: string } | { readonly error: Reply } {
  if (requestBody.kind !== 'json') return { error: dialect.malformed };
  const body = requestBody.value;
  if (!isObject(body)) return { error: dialect.invalid('The body must be a JSON object') };
  const name = body[resource.nameField];
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH) {
    const message = `${resource.nameField} must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`;
    return { error: dialect.invalid(message) };
  }
  return { body, name };
}

function findByName(collection: Collection, resource: Resource, name: string): JsonObject | undefined {
  const wanted = name.trim().toLowerCase();
  return collection.find((item) => {
    const value = item[resource.nameField];
    return typeof value === 'string' && value.trim().toLowerCase() === wanted;
  });
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A page of `items`: 1-based `page` of `pageSize` (clamped to 1..max). */
export function page<T>(
  items: readonly T[],
  query: URLSearchParams,
  sizeParam: string,
  defaultSize: number,
  max: number,
): T[] {
  const size = clamp(Number.parseInt(query.get(sizeParam) ?? '', 10) || defaultSize, 1, max);
  const number = clamp(Number.parseInt(query.get('page') ?? '', 10) || 1, 1, 1_000_000);
  return items.slice((number - 1) * size, number * size);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
