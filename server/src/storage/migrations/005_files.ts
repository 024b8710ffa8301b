import type { Kysely } from 'kysely'
import type { DriverTypes } from '../types.ts'

/** Uploaded files (preuves), kept in the database so they work the same on both drivers. */
export async function up(db: Kysely<unknown>, t: DriverTypes): Promise<void> {
  await db.schema
    .createTable('stored_file')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('etablissement_id', 'text', (c) =>
      c.notNull().references('etablissement.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', t.binary, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('stored_file_etab').on('stored_file').column('etablissement_id').execute()
}
