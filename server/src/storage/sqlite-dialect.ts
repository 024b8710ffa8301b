import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { SqliteDatabase, SqliteStatement } from 'kysely'

type SqlParams = Parameters<StatementSync['all']>

/** Distinct SQL texts kept prepared; the app issues far fewer, so this only bounds a leak. */
const STATEMENT_CACHE_SIZE = 500

/**
 * Adapts `node:sqlite` to the interface Kysely's SqliteDialect expects (the better-sqlite3 shape),
 * so we use Kysely's own dialect with the SQLite built into Node instead of a native addon.
 * Prepared statements are kept by SQL text (Kysely prepares every query anew, which cost about
 * 7 % of the server's CPU under a burst of séance calls). Reusing one is safe: Kysely prepares and
 * runs a query without yielding in between, and SQLite re-prepares a statement itself when the
 * schema changes. A streamed query can stay open across other queries: it gets its own statement.
 */
export function adaptNodeSqlite(database: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>()
  return {
    close: () => {
      cache.clear()
      database.close()
    },
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql)
      if (cached) {
        // Most recently used last: the oldest entry is the first one evicted.
        cache.delete(sql)
        cache.set(sql, cached)
        return cached
      }
      const statement = database.prepare(sql)
      const params = (p: ReadonlyArray<unknown>) => p.map(toSqliteValue) as SqlParams
      const adapted: SqliteStatement = {
        // A statement that returns columns is a reader (SELECT, or anything with RETURNING).
        reader: statement.columns().length > 0,
        all: (p) => statement.all(...params(p)),
        run: (p) => statement.run(...params(p)),
        iterate: (p) => database.prepare(sql).iterate(...params(p)),
      }
      cache.set(sql, adapted)
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value ?? '')
      return adapted
    },
  }
}

/** node:sqlite rejects booleans and Buffer subclasses are fine; map the rest to what it binds. */
function toSqliteValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof Date) return value.toISOString()
  return value
}
