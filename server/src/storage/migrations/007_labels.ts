import type { Kysely } from 'kysely'

/** Labels held or prepared by an établissement, with their labelling cycle (H2). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('label_held')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('etablissement_id', 'text', (c) =>
      c.notNull().references('etablissement.id').onDelete('cascade'),
    )
    .addColumn('framework_id', 'text', (c) => c.notNull())
    .addColumn('intitule', 'text', (c) => c.notNull())
    .addColumn('cycle_start', 'integer', (c) => c.notNull())
    .addColumn('cycle_end', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('label_held_etab').on('label_held').column('etablissement_id').execute()
}
