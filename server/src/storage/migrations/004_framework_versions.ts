import type { Kysely } from 'kysely'

/** Versions of frameworks saved by an établissement (shipped versions live in the code). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('framework_version')
    .addColumn('etablissement_id', 'text', (c) =>
      c.notNull().references('etablissement.id').onDelete('cascade'),
    )
    .addColumn('framework_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // The FrameworkDefinition as JSON; a version is never updated once written.
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('framework_version_pk', ['etablissement_id', 'framework_id', 'version'])
    .execute()
}
