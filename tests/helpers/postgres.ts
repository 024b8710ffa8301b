import { randomBytes } from 'node:crypto'
import pg from 'pg'

export interface TestDatabase {
  url: string
  drop(): Promise<void>
}

/**
 * The PostgreSQL server for tests, from DATABASE_URL. Locally its absence skips the PostgreSQL
 * cases; in CI (CI set) it is required, because a skip there would hide a failure.
 */
export function postgresUrl(): string | undefined {
  const url = process.env.DATABASE_URL
  if (!url && process.env.CI) throw new Error('DATABASE_URL must point at PostgreSQL in CI')
  return url || undefined
}

/** Creates a database of its own for one test file, dropped afterwards. */
export async function createTestDatabase(baseUrl: string): Promise<TestDatabase> {
  const name = `rouages_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: baseUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl })
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await client.end()
      }
    },
  }
}
