import type { Kysely } from 'kysely'
import type { Migration, MigrationProvider } from 'kysely/migration'
import type { DriverTypes } from '../types.ts'
import * as m001 from './001_documents.ts'
import * as m002 from './002_accounts.ts'
import * as m003 from './003_school_years.ts'
import * as m004 from './004_framework_versions.ts'
import * as m005 from './005_files.ts'
import * as m006 from './006_bilans.ts'
import * as m007 from './007_labels.ts'
import * as m008 from './008_seances.ts'
import * as m009 from './009_seance_live.ts'

interface DriverMigration {
  up(db: Kysely<unknown>, types: DriverTypes): Promise<void>
}

/** Numbered, append-only: add a new file and a line here; never edit a released one. */
const migrations: Record<string, DriverMigration> = {
  '001_documents': m001,
  '002_accounts': m002,
  '003_school_years': m003,
  '004_framework_versions': m004,
  '005_files': m005,
  '006_bilans': m006,
  '007_labels': m007,
  '008_seances': m008,
  '009_seance_live': m009,
}

/** Feeds Kysely's Migrator with our migrations bound to the driver's column types. */
export function migrationProvider(types: DriverTypes): MigrationProvider {
  return {
    getMigrations(): Promise<Record<string, Migration>> {
      return Promise.resolve(
        Object.fromEntries(
          Object.entries(migrations).map(([name, m]) => [
            name,
            { up: (db: Kysely<unknown>) => m.up(db, types) },
          ]),
        ),
      )
    },
  }
}
