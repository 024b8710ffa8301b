import type { ColumnDefinitionBuilder, Kysely } from 'kysely'

/**
 * What a séance keeps beside its live document (issue 7): its facilitators, its guests (a token
 * scoped to that séance), who took part, the silent ratings (held by the server, never in the
 * document), the dot votes, a log of what happened (for the compte rendu's timings) and the
 * compte rendu itself, written when the séance ends.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('seance').addColumn('record', 'text').execute()
  const seanceRef = (c: ColumnDefinitionBuilder) => c.notNull().references('seance.id').onDelete('cascade')
  await db.schema
    .createTable('seance_facilitator')
    .addColumn('seance_id', 'text', seanceRef)
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('seance_facilitator_pk', ['seance_id', 'user_id'])
    .execute()
  await db.schema
    .createTable('seance_guest')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seance_id', 'text', seanceRef)
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('seance_participant')
    .addColumn('seance_id', 'text', seanceRef)
    .addColumn('participant_key', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('guest', 'integer', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('seance_participant_pk', ['seance_id', 'participant_key'])
    .execute()
  await db.schema
    .createTable('seance_round')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seance_id', 'text', seanceRef)
    .addColumn('step_index', 'integer', (c) => c.notNull())
    .addColumn('framework_id', 'text', (c) => c.notNull())
    .addColumn('descriptor_id', 'text', (c) => c.notNull())
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('seance_rating')
    .addColumn('round_id', 'text', (c) => c.notNull().references('seance_round.id').onDelete('cascade'))
    .addColumn('participant_key', 'text', (c) => c.notNull())
    .addColumn('level_id', 'text', (c) => c.notNull())
    .addColumn('rated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('seance_rating_pk', ['round_id', 'participant_key'])
    .execute()
  await db.schema
    .createTable('seance_vote')
    .addColumn('seance_id', 'text', seanceRef)
    .addColumn('step_index', 'integer', (c) => c.notNull())
    .addColumn('participant_key', 'text', (c) => c.notNull())
    .addColumn('idea_ids', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('seance_vote_pk', ['seance_id', 'step_index', 'participant_key'])
    .execute()
  await db.schema
    .createTable('seance_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seance_id', 'text', seanceRef)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('seance_event_seance').on('seance_event').columns(['seance_id', 'at']).execute()
}
