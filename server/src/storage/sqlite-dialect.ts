import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { SqliteDatabase, SqliteStatement } from 'kysely'

type SqlParams = Parameters<StatementSync['all']>

/**
 * Adapts `node:sqlite` to the interface Kysely's SqliteDialect expects (the better-sqlite3 shape),
 * so we use Kysely's own dialect with the SQLite built into Node instead of a native addon.
 */
export function adaptNodeSqlite(database: DatabaseSync): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const statement = database.prepare(sql)
      const params = (p: ReadonlyArray<unknown>) => p.map(toSqliteValue) as SqlParams
      return {
        // A statement that returns columns is a reader (SELECT, or anything with RETURNING).
        reader: statement.columns().length > 0,
        all: (p) => statement.all(...params(p)),
        run: (p) => statement.run(...params(p)),
        iterate: (p) => statement.iterate(...params(p)),
      }
    },
  }
}

/** node:sqlite rejects booleans and Buffer subclasses are fine; map the rest to what it binds. */
function toSqliteValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof Date) return value.toISOString()
  return value
}
