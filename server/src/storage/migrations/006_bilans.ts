import { sql, type Kysely } from 'kysely'
import type { DriverTypes } from '../types.ts'

/**
 * Bilans (annual reviews): a frozen copy of a school year's document — its bytes and a JSON
 * rendering — and the approval steps recorded on it. Both tables refuse UPDATE in the database
 * itself, so no code path, present or future, can change a frozen version. Share links to a bilan
 * can be revoked (their own table is not frozen).
 */
export async function up(db: Kysely<unknown>, t: DriverTypes): Promise<void> {
  await db.schema
    .createTable('bilan')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('etablissement_id', 'text', (c) =>
      c.notNull().references('etablissement.id').onDelete('cascade'),
    )
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('state', t.binary, (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    // SHA-256 of the state, shown with the version so a printed copy can be checked against it.
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('bilan_year').on('bilan').columns(['etablissement_id', 'school_year']).execute()
  await db.schema
    .createTable('bilan_step')
    .addColumn('bilan_id', 'text', (c) => c.notNull().references('bilan.id').onDelete('cascade'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bilan_step_pk', ['bilan_id', 'step'])
    .execute()
  // Read-only links to one bilan (E6), for reviewers and CA members without an account.
  await db.schema
    .createTable('bilan_share')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('bilan_id', 'text', (c) => c.notNull().references('bilan.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema.createIndex('bilan_share_bilan').on('bilan_share').column('bilan_id').execute()
  for (const table of ['bilan', 'bilan_step']) {
    if (t.driver === 'sqlite') {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_immutable BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} rows are immutable'); END`,
        )
        .execute(db)
    } else {
      await sql
        .raw(
          `CREATE OR REPLACE FUNCTION ${table}_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${table} rows are immutable'; END $$`,
        )
        .execute(db)
      await sql
        .raw(
          `CREATE TRIGGER ${table}_immutable BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_immutable()`,
        )
        .execute(db)
    }
  }
}
