import { BoundedMap } from './bounded-map.js';
import type { RandomSource } from './random.js';
import type { JsonObject, ServiceName } from './types.js';

export interface StoreLimits {
  /** Objects per collection of one tenant; a create beyond it is refused with the service's own error. */
  readonly maxObjectsPerCollection: number;
  /** Serialized bytes of all stored objects of all tenants together; a write beyond it is refused. */
  readonly maxStoredBytes: number;
  /** Tenants kept; the least recently used one is dropped with all its objects. */
  readonly maxTenants: number;
}

/** The configuration objects of one tenant, per service and resource type. */
export class Tenant {
  readonly #collections = new Map<string, Collection>();
  /** Services with saved but not yet activated changes (ZIA `GET /status` says PENDING). */
  readonly pendingActivation = new Set<ServiceName>();

  constructor(
    private readonly budget: Budget,
    private readonly random: RandomSource,
  ) {}

  /** The named collection, created on first use holding `fixtures` (objects with an `id`). */
  collection(name: string, fixtures: readonly JsonObject[] = []): Collection {
    let collection = this.#collections.get(name);
    if (collection === undefined) {
      // Collection names come from the simulator's routes, never from the client, so this map is bounded.
      collection = new Collection(this.budget, 1 + this.random.int(899_999));
      for (const fixture of fixtures) collection.put(String(fixture.id), fixture);
      this.#collections.set(name, collection);
    }
    return collection;
  }

  release(): void {
    for (const collection of this.#collections.values()) collection.release();
    this.#collections.clear();
  }
}

interface Budget {
  readonly limits: StoreLimits;
  usedBytes: number;
}

/** One resource type of one tenant, in creation order, with ids handed out in increasing order. */
export class Collection {
  readonly #items = new Map<string, { value: JsonObject; bytes: number }>();
  #serial: number;

  constructor(
    private readonly budget: Budget,
    firstSerial: number,
  ) {
    this.#serial = firstSerial;
  }

  get size(): number {
    return this.#items.size;
  }

  list(): JsonObject[] {
    return Array.from(this.#items.values(), (item) => item.value);
  }

  get(id: string): JsonObject | undefined {
    return this.#items.get(id)?.value;
  }

  find(predicate: (value: JsonObject) => boolean): JsonObject | undefined {
    return this.list().find(predicate);
  }

  nextSerial(): number {
    return this.#serial++;
  }

  /** Stores a new or replaced object; false when the collection or the byte budget is full. */
  put(id: string, value: JsonObject): boolean {
    const bytes = JSON.stringify(value).length;
    const previous = this.#items.get(id);
    if (previous === undefined && this.#items.size >= this.budget.limits.maxObjectsPerCollection)
      return false;
    const growth = bytes - (previous?.bytes ?? 0);
    if (this.budget.usedBytes + growth > this.budget.limits.maxStoredBytes) return false;
    this.budget.usedBytes += growth;
    this.#items.set(id, { value, bytes });
    return true;
  }

  delete(id: string): boolean {
    const item = this.#items.get(id);
    if (item === undefined) return false;
    this.budget.usedBytes -= item.bytes;
    this.#items.delete(id);
    return true;
  }

  release(): void {
    for (const id of [...this.#items.keys()]) this.delete(id);
  }
}

/** All tenants' state, bounded in tenants, objects per collection and bytes overall. */
export class Store {
  readonly #budget: Budget;
  readonly #tenants: BoundedMap<string, Tenant>;

  constructor(
    limits: StoreLimits,
    private readonly random: RandomSource,
  ) {
    this.#budget = { limits, usedBytes: 0 };
    this.#tenants = new BoundedMap(limits.maxTenants, (_key, tenant) => tenant.release());
  }

  get usedBytes(): number {
    return this.#budget.usedBytes;
  }

  tenant(key: string): Tenant {
    let tenant = this.#tenants.get(key);
    if (tenant === undefined) {
      tenant = new Tenant(this.#budget, this.random);
      this.#tenants.set(key, tenant);
    }
    return tenant;
  }

  clear(): void {
    this.#tenants.clear();
  }
}
