import type { Kysely } from 'kysely'
import { ReadCache } from '../storage/read-cache.ts'
import type { Database } from '../storage/schema.ts'
import { generateToken, hashToken } from './tokens.ts'

/** Sessions last 30 days and slide: used in their last 15 days, they get 30 more. */
const SESSION_MS = 30 * 24 * 3600_000
const REFRESH_BEFORE_MS = 15 * 24 * 3600_000

export interface SessionUser {
  id: string
  email: string
  displayName: string
}

/** What a session's row says, as cached between requests. */
interface SessionRow {
  user: SessionUser
  expiresAt: number
}

export interface ValidSession {
  id: string
  userId: string
  expiresAt: Date
  /** True when validation extended the expiry: the cookie must be sent again. */
  refreshed: boolean
}

/**
 * Sessions as in Lucia's guide: a random token in the cookie, its SHA-256 as the row id, a
 * sliding expiry, and invalidation of one or all of a user's sessions. Every request validates
 * its session, so rows are cached for a few seconds; ending a session forgets it at once.
 */
export class SessionStore {
  readonly #db: Kysely<Database>
  readonly #now: () => Date
  readonly #onEnded: (sessionIds: string[]) => void
  readonly #rows = new ReadCache<SessionRow>({ ttlMs: 30_000, max: 20_000 })

  /** `onEnded` hears of every session that ends, to close its live WebSocket connections. */
  constructor(db: Kysely<Database>, now: () => Date, onEnded: (sessionIds: string[]) => void = () => {}) {
    this.#db = db
    this.#now = now
    this.#onEnded = onEnded
  }

  /** Opens a session; the returned token goes in the cookie and nowhere else. */
  async create(userId: string): Promise<{ token: string; session: ValidSession }> {
    const token = generateToken()
    const now = this.#now()
    const expiresAt = new Date(now.getTime() + SESSION_MS)
    const id = hashToken(token)
    await this.#db
      .insertInto('session')
      .values({ id, user_id: userId, expires_at: expiresAt.toISOString(), created_at: now.toISOString() })
      .execute()
    return { token, session: { id, userId, expiresAt, refreshed: false } }
  }

  /**
   * The session and user behind a cookie token, or undefined when unknown or expired. `fresh`
   * reads storage whatever the cache holds: a WebSocket opening a document must fail (and retry)
   * while storage is down, rather than pass on a cached session and wait on a load that fails.
   */
  async validate(
    token: string,
    options: { fresh?: boolean } = {},
  ): Promise<{ session: ValidSession; user: SessionUser } | undefined> {
    const id = hashToken(token)
    if (options.fresh) this.#rows.forget(id)
    const row = await this.#rows.get(id, () => this.#read(id))
    if (!row) return undefined
    const now = this.#now().getTime()
    let expiresAt = row.expiresAt
    if (now >= expiresAt) {
      await this.invalidate(id)
      return undefined
    }
    let refreshed = false
    if (now >= expiresAt - REFRESH_BEFORE_MS) {
      expiresAt = now + SESSION_MS
      refreshed = true
      await this.#db
        .updateTable('session')
        .set({ expires_at: new Date(expiresAt).toISOString() })
        .where('id', '=', id)
        .execute()
      this.#rows.set(id, { user: row.user, expiresAt })
    }
    return {
      session: { id, userId: row.user.id, expiresAt: new Date(expiresAt), refreshed },
      user: row.user,
    }
  }

  async #read(id: string): Promise<SessionRow | undefined> {
    const row = await this.#db
      .selectFrom('session')
      .innerJoin('app_user', 'app_user.id', 'session.user_id')
      .select(['session.user_id', 'session.expires_at', 'app_user.email', 'app_user.display_name'])
      .where('session.id', '=', id)
      .executeTakeFirst()
    if (!row) return undefined
    return {
      user: { id: row.user_id, email: row.email, displayName: row.display_name },
      expiresAt: new Date(row.expires_at).getTime(),
    }
  }

  async invalidate(sessionId: string): Promise<void> {
    await this.#db.deleteFrom('session').where('id', '=', sessionId).execute()
    this.#rows.forget(sessionId)
    this.#onEnded([sessionId])
  }

  /** Ends every session of a user (password changed or reset), except `keep` if given. */
  async invalidateAllForUser(userId: string, keep?: string): Promise<void> {
    let query = this.#db.deleteFrom('session').where('user_id', '=', userId)
    if (keep) query = query.where('id', '!=', keep)
    const ended = (await query.returning('id').execute()).map((row) => row.id)
    this.#rows.forget(...ended)
    this.#onEnded(ended)
  }
}
