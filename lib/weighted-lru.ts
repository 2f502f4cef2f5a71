// An LRU map bounded by total weight (bytes held by the gateway's private cache; weight 1 per
// entry bounds the count), so a few huge entries cannot crowd memory the way a bound on entries
// alone would allow. The simulator's ledger uses the lru-cache package (maxSize +
// sizeCalculation), which measured faster; the gateway's users are to move to it as well. Recency is a doubly
// linked list (O(1) per operation; evicting by iterating a Map from its start degrades once many
// entries have been deleted).

interface Node<K, V> {
  key: K;
  value: V;
  weight: number;
  newer?: Node<K, V>;
  older?: Node<K, V>;
}

export class WeightedLru<K, V> {
  private readonly map = new Map<K, Node<K, V>>();
  private newest?: Node<K, V>;
  private oldest?: Node<K, V>;
  private total = 0;

  constructor(readonly maxWeight: number) {
    if (!(maxWeight >= 1)) throw new Error('an LRU needs room for at least one entry');
  }

  get(key: K): V | undefined {
    const node = this.map.get(key);
    if (!node) return undefined;
    this.unlink(node);
    this.pushNewest(node);
    return node.value;
  }

  /** Adds or replaces; returns how many older entries were evicted to stay within the bound. */
  set(key: K, value: V, weight = 1): number {
    const old = this.map.get(key);
    if (old) this.remove(old);
    const node: Node<K, V> = { key, value, weight };
    this.map.set(key, node);
    this.pushNewest(node);
    this.total += weight;
    let evicted = 0;
    // the entry just added stays even when it alone exceeds the bound
    while (this.total > this.maxWeight && this.oldest && this.oldest !== node) {
      this.remove(this.oldest);
      evicted++;
    }
    return evicted;
  }

  delete(key: K): void {
    const node = this.map.get(key);
    if (node) this.remove(node);
  }

  /** Up to `limit` entries from the least recently used end, without touching their recency. */
  oldestEntries(limit: number): Array<[K, V]> {
    const out: Array<[K, V]> = [];
    for (let node = this.oldest; node && out.length < limit; node = node.newer) out.push([node.key, node.value]);
    return out;
  }

  get size(): number {
    return this.map.size;
  }

  get weight(): number {
    return this.total;
  }

  clear(): void {
    this.map.clear();
    this.newest = this.oldest = undefined;
    this.total = 0;
  }

  private remove(node: Node<K, V>): void {
    this.unlink(node);
    this.map.delete(node.key);
    this.total -= node.weight;
  }

  private unlink(node: Node<K, V>): void {
    if (node.newer) node.newer.older = node.older;
    else this.newest = node.older;
    if (node.older) node.older.newer = node.newer;
    else this.oldest = node.newer;
    node.newer = node.older = undefined;
  }

  private pushNewest(node: Node<K, V>): void {
    node.older = this.newest;
    if (this.newest) this.newest.newer = node;
    this.newest = node;
    if (!this.oldest) this.oldest = node;
  }
}
