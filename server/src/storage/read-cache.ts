import { LRUCache } from 'lru-cache'

export interface ReadCacheOptions {
  /** How long an entry is trusted without asking storage again (a bound, not the invalidation). */
  ttlMs: number
  max: number
}

/**
 * A short in-process cache in front of a storage read that every request makes (a session, a
 * membership), so a GET costs one query instead of three. The code that writes the row also
 * `forget`s it; the TTL only bounds what that misses (a row changed by hand in the database).
 *
 * A read that started before a `forget` must not put back what it read afterwards (a logout
 * racing a request would otherwise revive the session for a TTL): every `forget` starts a new
 * epoch, and a read only fills the cache if no epoch began while it ran.
 */
export class ReadCache<V extends object> {
  readonly #entries: LRUCache<string, V>
  #epoch = 0

  constructor(options: ReadCacheOptions) {
    this.#entries = new LRUCache<string, V>({ max: options.max, ttl: options.ttlMs })
  }

  /** The cached value, or `load()`'s (cached when it is defined). */
  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const hit = this.#entries.get(key)
    if (hit !== undefined) return hit
    const epoch = this.#epoch
    const value = await load()
    if (value !== undefined && epoch === this.#epoch) this.#entries.set(key, value)
    return value
  }

  /** Replaces an entry the caller has just written to storage. */
  set(key: string, value: V): void {
    this.#epoch++
    this.#entries.set(key, value)
  }

  forget(...keys: string[]): void {
    this.#epoch++
    for (const key of keys) this.#entries.delete(key)
  }
}
