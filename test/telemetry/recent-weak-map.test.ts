import { expect, test } from 'vitest';
import { RecentWeakMap } from '../../src/telemetry/recent-weak-map.js';

test('finds every key set and not deleted, however many, the recent ones and the older ones alike', () => {
  const map = new RecentWeakMap<object, number>();
  const keys = Array.from({ length: 100 }, () => ({}));
  for (const [index, key] of keys.entries()) map.set(key, index);
  for (const [index, key] of keys.entries()) expect(map.get(key)).toBe(index);
  expect(map.get({})).toBeUndefined();
  // Older and recent keys deleted, in any order.
  for (const index of [0, 99, 50, 98, 1]) {
    expect(map.take(keys[index] as object)).toBe(index);
    expect(map.get(keys[index] as object)).toBeUndefined();
    expect(map.take(keys[index] as object)).toBeUndefined();
  }
  expect(map.get(keys[2] as object)).toBe(2);
  expect(map.get(keys[97] as object)).toBe(97);
});

test('setting a key again replaces its value, wherever it is', () => {
  const map = new RecentWeakMap<object, string>();
  const first = {};
  map.set(first, 'a');
  map.set(first, 'b');
  expect(map.get(first)).toBe('b');
  for (let index = 0; index < 20; index++) map.set({}, 'other');
  map.set(first, 'c');
  expect(map.get(first)).toBe('c');
  map.delete(first);
  expect(map.get(first)).toBeUndefined();
});

test('keys come and go a few at a time: each is found until it is deleted', () => {
  const map = new RecentWeakMap<object, number>();
  const open: { key: object; value: number }[] = [];
  for (let value = 0; value < 1000; value++) {
    const key = {};
    map.set(key, value);
    open.push({ key, value });
    // Between 1 and 12 in flight, ended in a shuffled order.
    if (open.length > 1 + (value % 12)) {
      const [ended] = open.splice((value * 7) % open.length, 1);
      expect(map.take(ended?.key as object)).toBe(ended?.value);
    }
  }
  for (const { key, value } of open) expect(map.get(key)).toBe(value);
});
