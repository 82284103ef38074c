/**
 * A Map that never holds more than `capacity` entries. Reading an entry makes it the newest; adding one to a
 * full map drops the least recently used, so state built from client input (tokens, tenants, rate-limit
 * windows) stays bounded whatever the clients send.
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(
    readonly capacity: number,
    private readonly onEvict: (key: K, value: V) => void = () => {},
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) {
      const [oldestKey, oldestValue] = this.#entries.entries().next().value as [K, V];
      this.#entries.delete(oldestKey);
      this.onEvict(oldestKey, oldestValue);
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  values(): IterableIterator<V> {
    return this.#entries.values();
  }

  clear(): void {
    for (const [key, value] of this.#entries) this.onEvict(key, value);
    this.#entries.clear();
  }
}
