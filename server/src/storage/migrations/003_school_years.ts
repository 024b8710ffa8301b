import type { Kysely } from 'kysely'

/** School years opened by an établissement, and the frameworks each follows. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('school_year')
    .addColumn('etablissement_id', 'text', (c) =>
      c.notNull().references('etablissement.id').onDelete('cascade'),
    )
    .addColumn('school_year', 'text', (c) => c.notNull())
    // JSON array of framework ids (with their versions at opening time, see the document).
    .addColumn('framework_ids', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('school_year_pk', ['etablissement_id', 'school_year'])
    .execute()
}
