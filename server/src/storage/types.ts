import type { Kysely } from 'kysely'
import type { Database } from './schema.ts'

export type Driver = 'sqlite' | 'postgres'

/** An open storage: one Kysely query layer over either driver, migrated to the latest schema. */
export interface Storage {
  readonly driver: Driver
  readonly db: Kysely<Database>
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** Column types that differ between drivers, for migrations. */
export interface DriverTypes {
  /** For the few statements that differ beyond column types (triggers). */
  driver: Driver
  binary: 'blob' | 'bytea'
  /** An auto-incrementing integer primary key column type. */
  serial: 'integer' | 'serial'
}

export const driverTypes: Record<Driver, DriverTypes> = {
  sqlite: { driver: 'sqlite', binary: 'blob', serial: 'integer' },
  postgres: { driver: 'postgres', binary: 'bytea', serial: 'serial' },
}
