import type { Kysely } from 'kysely'
import type { DriverTypes } from '../types.ts'

/** Yjs documents: compacted state plus the durable log of acknowledged updates. */
export async function up(db: Kysely<unknown>, t: DriverTypes): Promise<void> {
  await db.schema
    .createTable('document')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('state', t.binary, (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  const serial = db.schema.createTable('document_update')
  await (
    t.serial === 'integer'
      ? serial.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      : serial.addColumn('id', 'serial', (c) => c.primaryKey())
  )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('update', t.binary, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createIndex('document_update_name_id')
    .on('document_update')
    .columns(['name', 'id'])
    .execute()
}
