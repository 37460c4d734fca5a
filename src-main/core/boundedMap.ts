// Process: any (pure Node). The one kind of cache the hot paths keep: a Map
// that forgets everything once it holds `max` entries. A hard bound on memory
// (keys may come from outside), and no bookkeeping per hit, unlike an LRU.

export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.max && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}
