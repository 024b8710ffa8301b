import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { execSql } from './sql.ts'

/** A storage fault in force; `restore()` ends it (safe to call twice). */
export interface StorageFault {
  /** How the fault was made, for the test's summary line. */
  method: string
  restore(): Promise<void>
}

interface Target {
  dataDir: string
  databaseUrl: string | undefined
}

/** Immutable files left behind by an interrupted run would make the data directory undeletable. */
const immutable = new Set<string>()
process.once('exit', () => {
  if (immutable.size > 0) execFileSync('chattr', ['-i', ...immutable], { stdio: 'ignore' })
})

/**
 * Makes the server's storage fail under it, the way production storage fails:
 * - PostgreSQL becomes unreachable: the test database refuses every new connection
 *   (`ALLOW_CONNECTIONS false`, which binds superusers too, unlike CONNECTION LIMIT or REVOKE)
 *   and the server's open connections are terminated.
 * - SQLite becomes unwritable: the database file and its write-ahead log are made immutable
 *   (`chattr +i`), which stops even root, whose writes chmod does not stop; reads keep working and
 *   every write fails with SQLITE_IOERR. Where chattr is not permitted (no CAP_LINUX_IMMUTABLE, or
 *   a file system without the flag), every table gets triggers that abort each write instead.
 */
export async function breakStorage(target: Target): Promise<StorageFault> {
  if (target.databaseUrl) return breakPostgres(target.databaseUrl)
  const files = ['rouages.sqlite', 'rouages.sqlite-wal']
    .map((f) => path.join(target.dataDir, f))
    .filter((f) => existsSync(f))
  try {
    execFileSync('chattr', ['+i', ...files], { stdio: 'ignore' })
    for (const file of files) immutable.add(file)
    return {
      method: 'sqlite files immutable (chattr +i)',
      restore() {
        if (files.every((f) => !immutable.has(f))) return Promise.resolve()
        execFileSync('chattr', ['-i', ...files])
        for (const file of files) immutable.delete(file)
        return Promise.resolve()
      },
    }
  } catch {
    return breakSqliteWithTriggers(target)
  }
}

async function breakPostgres(databaseUrl: string): Promise<StorageFault> {
  const url = new URL(databaseUrl)
  const name = url.pathname.slice(1)
  if (!/^\w+$/.test(name)) throw new Error(`unexpected test database name ${name}`)
  // Administer from the server's maintenance database, not the one being cut off.
  url.pathname = '/postgres'
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url.toString() })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`)
  await admin(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
  )
  let restored = false
  return {
    method: 'postgres database refuses connections (ALLOW_CONNECTIONS false + pg_terminate_backend)',
    async restore() {
      if (restored) return
      restored = true
      await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`)
    },
  }
}

async function breakSqliteWithTriggers(target: Target): Promise<StorageFault> {
  const { DatabaseSync } = await import('node:sqlite')
  const db = new DatabaseSync(path.join(target.dataDir, 'rouages.sqlite'), { readOnly: true })
  const tables = (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as Array<{
      name: string
    }>
  ).map((t) => t.name)
  db.close()
  const triggers = tables.flatMap((table) =>
    ['INSERT', 'UPDATE', 'DELETE'].map((op) => ({
      name: `storage_fault_${op.toLowerCase()}_${table}`,
      table,
      op,
    })),
  )
  await execSql(
    target,
    triggers
      .map(
        (t) =>
          `CREATE TRIGGER ${t.name} BEFORE ${t.op} ON "${t.table}" BEGIN SELECT RAISE(ABORT, 'disk I/O error (injected)'); END;`,
      )
      .join('\n'),
  )
  let restored = false
  return {
    method: 'sqlite writes aborted by triggers (chattr not permitted here)',
    async restore() {
      if (restored) return
      restored = true
      await execSql(target, triggers.map((t) => `DROP TRIGGER IF EXISTS ${t.name};`).join('\n'))
    },
  }
}
