import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
import { Migrator } from 'kysely/migration'
import pg from 'pg'
import { migrationProvider } from './migrations/index.ts'
import type { Database } from './schema.ts'
import { adaptNodeSqlite } from './sqlite-dialect.ts'
import { WalCheckpointer } from './wal-checkpointer.ts'
import { driverTypes, type Driver, type Storage } from './types.ts'

export interface StorageOptions {
  /** A postgres:// URL selects PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl?: string | undefined
  dataDir: string
  sqliteSynchronous?: 'NORMAL' | 'FULL'
  /** Hears of failures of work done in the background (SQLite's log checkpoints). */
  onBackgroundError?: (message: string) => void
}

/** Opens the configured storage and brings its schema to the latest migration. */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  const driver: Driver = options.databaseUrl ? 'postgres' : 'sqlite'
  const { db, checkpointer } =
    driver === 'postgres'
      ? { db: openPostgres(options.databaseUrl ?? ''), checkpointer: undefined }
      : openSqlite(options)
  const close = async () => {
    await checkpointer?.close()
    await db.destroy()
  }
  try {
    await migrate(db, driver)
  } catch (error) {
    await close()
    throw error
  }
  return {
    driver,
    db,
    async ping() {
      await sql`select 1`.execute(db)
    },
    close,
  }
}

function openSqlite(options: StorageOptions): { db: Kysely<Database>; checkpointer: WalCheckpointer } {
  mkdirSync(options.dataDir, { recursive: true })
  const file = path.join(options.dataDir, 'rouages.sqlite')
  const database = new DatabaseSync(file)
  // WAL: readers never block the writer. NORMAL survives a process crash (SIGKILL); FULL also
  // survives a power cut, at the price of an fsync per acknowledged update.
  database.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${options.sqliteSynchronous ?? 'NORMAL'};`)
  database.exec('PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;')
  // Checkpoints happen in a worker thread, not on a commit of this (event-loop) connection.
  database.exec('PRAGMA wal_autocheckpoint = 0;')
  const checkpointer = new WalCheckpointer(file, options.onBackgroundError ?? (() => {}))
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: adaptNodeSqlite(database) }) }),
    checkpointer,
  }
}

function openPostgres(url: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  // A client losing its connection must not crash the process; the next query reconnects. The
  // pool only listens on idle clients: a checked-out one (mid-query, or held by a transaction)
  // would emit an unhandled 'error' when PostgreSQL goes away. Its query is rejected either way.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

async function migrate(db: Kysely<Database>, driver: Driver): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(driverTypes[driver]) })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    const detail = error instanceof Error ? error.message : JSON.stringify(error ?? '')
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${detail}`.trim())
  }
}
