import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import pg from 'pg'

/** Runs one SQL statement on a driver's database from outside the server, for fault injection. */
export async function execSql(
  target: { dataDir: string; databaseUrl: string | undefined },
  statement: string,
) {
  if (!target.databaseUrl) {
    const db = new DatabaseSync(path.join(target.dataDir, 'rouages.sqlite'))
    try {
      db.exec('PRAGMA busy_timeout = 5000')
      db.exec(statement)
    } finally {
      db.close()
    }
    return
  }
  const client = new pg.Client({ connectionString: target.databaseUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
