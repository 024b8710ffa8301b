import { createTestDatabase, postgresUrl } from './postgres.ts'
import { tempDataDir } from './server-process.ts'

/** One storage driver under test, with a fresh, empty store and its cleanup. */
export interface DriverUnderTest {
  name: 'sqlite' | 'postgres'
  /** Environment for the server process, or options for openStorage. */
  setup(): Promise<{ dataDir: string; databaseUrl: string | undefined; cleanup: () => Promise<void> }>
}

const sqlite: DriverUnderTest = {
  name: 'sqlite',
  setup() {
    const { dir, remove } = tempDataDir()
    return Promise.resolve({ dataDir: dir, databaseUrl: undefined, cleanup: () => Promise.resolve(remove()) })
  },
}

/** Every storage driver available here: SQLite always, PostgreSQL when DATABASE_URL is set. */
export function drivers(): DriverUnderTest[] {
  const base = postgresUrl()
  if (!base) return [sqlite]
  const postgres: DriverUnderTest = {
    name: 'postgres',
    async setup() {
      const db = await createTestDatabase(base)
      const { dir, remove } = tempDataDir()
      return {
        dataDir: dir,
        databaseUrl: db.url,
        cleanup: async () => {
          await db.drop()
          remove()
        },
      }
    },
  }
  return [sqlite, postgres]
}
