// The hand-written LRU (token caches, the gateway's private cache) until they move to lru-cache.
import { WeightedLru } from '../weighted-lru';

describe('WeightedLru', () => {
  it('moves a read entry to the young end and evicts from the old end', () => {
    const lru = new WeightedLru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    expect(lru.set('c', 3)).toBe(1);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
  });

  it('bounds the total weight, keeps an entry heavier than the bound alone, and counts evictions', () => {
    const lru = new WeightedLru<string, string>(10);
    lru.set('a', 'a', 4);
    lru.set('b', 'b', 4);
    expect(lru.weight).toBe(8);
    expect(lru.set('c', 'c', 5)).toBe(1); // a goes
    expect([lru.get('a'), lru.weight]).toEqual([undefined, 9]);
    expect(lru.set('huge', 'h', 50)).toBe(2);
    expect([lru.size, lru.weight, lru.get('huge')]).toEqual([1, 50, 'h']);
  });

  it('replaces, deletes and lists the oldest entries without changing their order', () => {
    const lru = new WeightedLru<string, number>(100);
    lru.set('a', 1, 10);
    lru.set('b', 2, 10);
    lru.set('a', 3, 5);
    expect(lru.weight).toBe(15);
    expect(lru.oldestEntries(5)).toEqual([
      ['b', 2],
      ['a', 3],
    ]);
    expect(lru.oldestEntries(1)).toEqual([['b', 2]]);
    lru.delete('b');
    lru.delete('missing');
    expect([lru.size, lru.weight]).toEqual([1, 5]);
    lru.clear();
    expect([lru.size, lru.weight, lru.oldestEntries(3)]).toEqual([0, 0, []]);
  });

  it('refuses a bound that holds nothing', () => {
    expect(() => new WeightedLru(0)).toThrow();
  });
});
