/**
 * A WeakMap for keys that come and go a few at a time (spans in flight, requests awaiting their response): the
 * RECENT most recently set entries sit in a small array found by identity, older ones in a WeakMap. For a handful
 * of keys in flight that is a few comparisons instead of an identity hash, an ephemeron entry and its removal
 * (together about 100 ns per key here). The array holds its keys strongly, so at most RECENT keys that are never
 * deleted outlive their last use, until RECENT newer ones move them into the WeakMap.
 */
const RECENT = 8;

export class RecentWeakMap<K extends object, V> {
  private readonly keys = new Array<K | undefined>(RECENT).fill(undefined);
  private readonly values = new Array<V | undefined>(RECENT).fill(undefined);
  /** The slot the next key takes when no slot is free: the oldest, round the array. */
  private next = 0;
  private readonly older = new WeakMap<K, V>();

  get(key: K): V | undefined {
    const slot = this.keys.indexOf(key);
    return slot === -1 ? this.older.get(key) : this.values[slot];
  }

  set(key: K, value: V): void {
    let slot = this.keys.indexOf(key);
    if (slot === -1) slot = this.keys.indexOf(undefined);
    if (slot === -1) {
      slot = this.next;
      this.next = (slot + 1) % RECENT;
      this.older.set(this.keys[slot] as K, this.values[slot] as V);
    }
    this.keys[slot] = key;
    this.values[slot] = value;
  }

  delete(key: K): void {
    this.take(key);
  }

  /** get, then delete. */
  take(key: K): V | undefined {
    const slot = this.keys.indexOf(key);
    if (slot === -1) {
      const value = this.older.get(key);
      if (value !== undefined) this.older.delete(key);
      return value;
    }
    const value = this.values[slot];
    this.keys[slot] = undefined;
    this.values[slot] = undefined;
    // A key set again after it moved is in both. (Cheap for the others: a key never put in a WeakMap has no
    // identity hash, and the lookup stops there.)
    this.older.delete(key);
    return value;
  }
}
