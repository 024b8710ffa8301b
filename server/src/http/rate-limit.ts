import { apiError } from './errors.ts'

export interface RateRule {
  /** How many attempts a key may make in one window. */
  limit: number
  windowMs: number
}

/**
 * Fixed-window counters kept in this process. Keys name what is limited ("login:ip:1.2.3.4",
 * "login:account:x@y.fr") so one request can count against several. With several instances
 * each counts its own share, which only makes the limit looser by that factor.
 */
export class RateLimiter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>()
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  /** Counts one attempt for every key; throws a 429 naming the wait when one is over its rule. */
  hit(keys: Array<[key: string, rule: RateRule]>): void {
    const now = this.#now()
    let retryAfterMs = 0
    for (const [key, rule] of keys) {
      let window = this.#windows.get(key)
      if (!window || window.resetAt <= now) {
        window = { count: 0, resetAt: now + rule.windowMs }
        this.#windows.set(key, window)
      }
      window.count++
      if (window.count > rule.limit) retryAfterMs = Math.max(retryAfterMs, window.resetAt - now)
    }
    if (this.#windows.size > 10_000) this.#sweep(now)
    if (retryAfterMs > 0) {
      const seconds = Math.ceil(retryAfterMs / 1000)
      throw apiError(
        429,
        'rate-limited',
        `Trop de tentatives. Réessayez dans ${Math.ceil(seconds / 60)} minute(s).`,
        {
          'retry-after': String(seconds),
        },
      )
    }
  }

  /** Forgets the counters of a key (e.g. after a successful login). */
  reset(key: string): void {
    this.#windows.delete(key)
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key)
  }
}

/**
 * Per-account limits stop password guessing. Per-address limits are a setting (AUTH_ADDRESS_LIMIT)
 * because a whole lycée often reaches the server through one NAT address.
 */
export const RATE_RULES = {
  loginPerAccount: { limit: 10, windowMs: 15 * 60_000 },
  resetPerAccount: { limit: 3, windowMs: 60 * 60_000 },
} satisfies Record<string, RateRule>

/** Attempts of one kind (login, sign-up, reset) allowed per address in 15 minutes. */
export const perAddress = (limit: number): RateRule => ({ limit, windowMs: 15 * 60_000 })
