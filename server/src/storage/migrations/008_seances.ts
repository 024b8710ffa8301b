import type { Kysely } from 'kysely'

/** Live workshop sessions (séances): agenda, join code, status (issue 7, first part). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('seance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('etablissement_id', 'text', (c) =>
      c.notNull().references('etablissement.id').onDelete('cascade'),
    )
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('guests_allowed', 'integer', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute()
  await db.schema.createIndex('seance_code').on('seance').columns(['code', 'status']).execute()
  await db.schema
    .createIndex('seance_year')
    .on('seance')
    .columns(['etablissement_id', 'school_year'])
    .execute()
}
